export { BLOCK_SCREEN, createDetector, screenBlock, type Detector } from './detector';
export { detectBlock, type BlockOrigin } from './detect-block';
export { findUrls, normaliseUrl } from './urls';
export type { DetectedError, Detection, ErrorKind, SourceLocation } from './types';
