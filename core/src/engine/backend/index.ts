export { selectBackend, BackendError, type BackendPreference, type BackendChoice } from './select';
export { verifyBackend, type StepProbe, type BackendVerification } from './verify';
