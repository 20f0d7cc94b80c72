/** ktl's own version, and the kubectl version whose behaviour it follows. */
export const KTL_VERSION = '0.1.0';
/** The kubectl release ktl matches; reported as the client version so skew rules behave alike. */
export const KUBECTL_COMPAT_VERSION = { major: '1', minor: '33', gitVersion: 'v1.33.0' };
/** The kustomize release whose behaviour the built-in kustomize follows (the one inside kubectl 1.33). */
export const KUSTOMIZE_VERSION = 'v5.6.0';
