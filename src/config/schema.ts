/**
 * The kubeconfig v1 wire shapes (client-go clientcmd/api/v1), described as
 * data so one walker can decode a file the way Go's json decoder does (type
 * errors in Go's words, base64 for []byte fields) and encode it back in Go
 * struct field order with Go's omitempty rules.
 */

export type FieldType =
  | { k: 'string' }
  | { k: 'bool' }
  | { k: 'bytes' }
  | { k: 'raw' }
  | { k: 'list'; of: FieldType; go: string }
  | { k: 'map'; of: FieldType; go: string }
  | { k: 'struct'; s: StructSchema };

export interface FieldSpec {
  json: string;
  t: FieldType;
  omitempty: boolean;
}

export interface StructSchema {
  /** Go type name without package, for error messages */
  go: string;
  fields: FieldSpec[];
}

const str: FieldType = { k: 'string' };
const bool: FieldType = { k: 'bool' };
const bytes: FieldType = { k: 'bytes' };
const raw: FieldType = { k: 'raw' };
const f = (json: string, t: FieldType, omitempty = true): FieldSpec => ({ json, t, omitempty });
const struct = (s: StructSchema): FieldType => ({ k: 'struct', s });

export const NamedExtensionSchema: StructSchema = {
  go: 'NamedExtension',
  fields: [f('name', str, false), f('extension', raw, false)],
};
const extensions = f('extensions', { k: 'list', of: struct(NamedExtensionSchema), go: '[]v1.NamedExtension' });

export const ClusterSchema: StructSchema = {
  go: 'Cluster',
  fields: [
    f('server', str, false),
    f('tls-server-name', str),
    f('insecure-skip-tls-verify', bool),
    f('certificate-authority', str),
    f('certificate-authority-data', bytes),
    f('proxy-url', str),
    f('disable-compression', bool),
    extensions,
  ],
};

export const AuthProviderSchema: StructSchema = {
  go: 'AuthProviderConfig',
  fields: [f('name', str, false), f('config', { k: 'map', of: str, go: 'map[string]string' }, false)],
};

export const ExecEnvVarSchema: StructSchema = {
  go: 'ExecEnvVar',
  fields: [f('name', str, false), f('value', str, false)],
};

export const ExecSchema: StructSchema = {
  go: 'ExecConfig',
  fields: [
    f('command', str, false),
    f('args', { k: 'list', of: str, go: '[]string' }, false),
    f('env', { k: 'list', of: struct(ExecEnvVarSchema), go: '[]v1.ExecEnvVar' }, false),
    f('apiVersion', str),
    f('installHint', str),
    f('provideClusterInfo', bool, false),
    f('interactiveMode', str),
  ],
};

export const AuthInfoSchema: StructSchema = {
  go: 'AuthInfo',
  fields: [
    f('client-certificate', str),
    f('client-certificate-data', bytes),
    f('client-key', str),
    f('client-key-data', bytes),
    f('token', str),
    f('tokenFile', str),
    f('as', str),
    f('as-uid', str),
    f('as-groups', { k: 'list', of: str, go: '[]string' }),
    f('as-user-extra', { k: 'map', of: { k: 'list', of: str, go: '[]string' }, go: 'map[string][]string' }),
    f('username', str),
    f('password', str),
    f('auth-provider', struct(AuthProviderSchema)),
    f('exec', struct(ExecSchema)),
    extensions,
  ],
};

export const ContextSchema: StructSchema = {
  go: 'Context',
  fields: [f('cluster', str, false), f('user', str, false), f('namespace', str), extensions],
};

export const PreferencesSchema: StructSchema = {
  go: 'Preferences',
  fields: [f('colors', bool), extensions],
};

const named = (go: string, key: string, s: StructSchema): StructSchema => ({
  go,
  fields: [f('name', str, false), f(key, struct(s), false)],
});

export const ConfigSchema: StructSchema = {
  go: 'Config',
  fields: [
    f('kind', str),
    f('apiVersion', str),
    f('preferences', struct(PreferencesSchema), false),
    f('clusters', { k: 'list', of: struct(named('NamedCluster', 'cluster', ClusterSchema)), go: '[]v1.NamedCluster' }, false),
    f('users', { k: 'list', of: struct(named('NamedAuthInfo', 'user', AuthInfoSchema)), go: '[]v1.NamedAuthInfo' }, false),
    f('contexts', { k: 'list', of: struct(named('NamedContext', 'context', ContextSchema)), go: '[]v1.NamedContext' }, false),
    f('current-context', str, false),
    extensions,
  ],
};
