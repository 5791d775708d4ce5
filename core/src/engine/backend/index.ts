export { selectBackend, BackendError, type BackendPreference, type BackendChoice } from './select';
export { verifyBackend, type StepProbe, type BackendVerification } from './verify';
export { ProcessBackend, processBackend, type BackendLease, type BackendCheck } from './process-backend';
