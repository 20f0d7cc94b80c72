/** ktl's own version, and the kubectl version whose behaviour it follows. */
export const KTL_VERSION = '0.1.0';
/** The kubectl release ktl matches; reported as the client version so skew rules behave alike. */
export const KUBECTL_COMPAT_VERSION = { major: '1', minor: '33', gitVersion: 'v1.33.0' };
