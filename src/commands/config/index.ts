/**
 * `ktl config`: declarations only. Each subcommand's work lives in a module
 * loaded when it runs (the kubeconfig codec pulls in js-yaml).
 */
import { Command, Option } from 'commander';
import { action, subCommandRun, withExamples, type App } from '../kit.js';
import { parseBoolFlag } from './flags.js';

type Loader = () => Promise<{ default: (app: App, cmd: Command, args: string[]) => Promise<number | void> }>;

const SUBCOMMANDS: Record<string, Loader> = {
  'current-context': () => import('./current-context.js'),
  'delete-cluster': () => import('./delete.js').then((m) => ({ default: m.deleteCluster })),
  'delete-context': () => import('./delete.js').then((m) => ({ default: m.deleteContext })),
  'delete-user': () => import('./delete.js').then((m) => ({ default: m.deleteUser })),
  'get-clusters': () => import('./get.js').then((m) => ({ default: m.getClusters })),
  'get-contexts': () => import('./get.js').then((m) => ({ default: m.getContexts })),
  'get-users': () => import('./get.js').then((m) => ({ default: m.getUsers })),
  'rename-context': () => import('./rename-context.js'),
  set: () => import('./set.js').then((m) => ({ default: m.setProperty })),
  'set-cluster': () => import('./set-cluster.js'),
  'set-context': () => import('./set-context.js'),
  'set-credentials': () => import('./set-credentials.js'),
  unset: () => import('./set.js').then((m) => ({ default: m.unsetProperty })),
  'use-context': () => import('./use-context.js'),
  view: () => import('./view.js'),
};

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];
/** pflag string slices: repeated and comma-separated */
const collectCsv = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), ...value.split(',')];
/** a bool flag that also accepts --flag=true|false */
const boolFlag = (flags: string, description: string) =>
  new Option(`${flags} [bool]`, description).argParser((v: string) => v);

export function registerConfig(program: Command, app: App): void {
  const bin = app.ctx.binName;
  const config = program
    .command('config')
    .summary('Modify kubeconfig files')
    .description(
      `Modify kubeconfig files using subcommands like "${bin} config set current-context my-context".

 The loading order follows these rules:

  1.  If the --kubeconfig flag is set, then only that file is loaded. The flag may only be set once and no merging takes place.
  2.  If $KUBECONFIG environment variable is set, then it is used as a list of paths (normal path delimiting rules for your system). These paths are merged. When a value is modified, it is modified in the file that defines the stanza. When a value is created, it is created in the first file that exists. If no files in the chain exist, then it creates the last file in the list.
  3.  Otherwise, \${HOME}/.kube/config is used and no merging takes place.`,
    )
    .usage('SUBCOMMAND [options]');

  const sub = (name: string, summary: string, description: string, usage: string, examples: string): Command => {
    const cmd = config
      .command(name)
      .summary(summary)
      .description(description)
      .usage(usage)
      .argument('[args...]')
      .action(
        action(async (args: string[], _opts: unknown, c: Command) => {
          const run = (await SUBCOMMANDS[name]!()).default;
          return run(app, c, args);
        }),
      );
    withExamples(cmd, examples.replace(/\bkubectl\b/g, bin));
    return cmd;
  };

  sub(
    'current-context',
    'Display the current-context',
    'Display the current-context.',
    '[flags] [options]',
    `  # Display the current-context
  kubectl config current-context`,
  );

  sub(
    'delete-cluster',
    'Delete the specified cluster from the kubeconfig',
    'Delete the specified cluster from the kubeconfig.',
    'NAME [options]',
    `  # Delete the minikube cluster
  kubectl config delete-cluster minikube`,
  );

  sub(
    'delete-context',
    'Delete the specified context from the kubeconfig',
    'Delete the specified context from the kubeconfig.',
    'NAME [options]',
    `  # Delete the context for the minikube cluster
  kubectl config delete-context minikube`,
  );

  sub(
    'delete-user',
    'Delete the specified user from the kubeconfig',
    'Delete the specified user from the kubeconfig.',
    'NAME [options]',
    `  # Delete the minikube user
  kubectl config delete-user minikube`,
  );

  sub(
    'get-clusters',
    'Display clusters defined in the kubeconfig',
    'Display clusters defined in the kubeconfig.',
    '[flags] [options]',
    `  # List the clusters that kubectl knows about
  kubectl config get-clusters`,
  );

  sub(
    'get-contexts',
    'Describe one or many contexts',
    'Display one or many contexts from the kubeconfig file.',
    '[(-o|--output=)name)] [options]',
    `  # List all the contexts in your kubeconfig file
  kubectl config get-contexts

  # Describe one context in your kubeconfig file
  kubectl config get-contexts my-context`,
  )
    .option('--no-headers', "When using the default or custom-column output format, don't print headers (default print headers).")
    .option('-o, --output <format>', 'Output format. One of: (name).');

  sub(
    'get-users',
    'Display users defined in the kubeconfig',
    'Display users defined in the kubeconfig.',
    '[flags] [options]',
    `  # List the users that kubectl knows about
  kubectl config get-users`,
  );

  sub(
    'rename-context',
    'Rename a context from the kubeconfig file',
    `Renames a context from the kubeconfig file.

 CONTEXT_NAME is the context name that you want to change.

 NEW_NAME is the new name you want to set.

 Note: If the context being renamed is the 'current-context', this field will also be updated.`,
    'CONTEXT_NAME NEW_NAME [options]',
    `  # Rename the context 'old-name' to 'new-name' in your kubeconfig file
  kubectl config rename-context old-name new-name`,
  );

  sub(
    'set',
    'Set an individual value in a kubeconfig file',
    `Set an individual value in a kubeconfig file.

 PROPERTY_NAME is a dot delimited name where each token represents either an attribute name or a map key.  Map keys may not contain dots.

 PROPERTY_VALUE is the new value you want to set. Binary fields such as 'certificate-authority-data' expect a base64 encoded string unless the --set-raw-bytes flag is used.

 Specifying an attribute name that already exists will merge new fields on top of existing values.`,
    'PROPERTY_NAME PROPERTY_VALUE [options]',
    `  # Set the server field on the my-cluster cluster to https://1.2.3.4
  kubectl config set clusters.my-cluster.server https://1.2.3.4

  # Set the certificate-authority-data field on the my-cluster cluster
  kubectl config set clusters.my-cluster.certificate-authority-data $(echo "cert_data_here" | base64 -i -)

  # Set the cluster field in the my-context context to my-cluster
  kubectl config set contexts.my-context.cluster my-cluster

  # Set the client-key-data field in the cluster-admin user using --set-raw-bytes option
  kubectl config set users.cluster-admin.client-key-data cert_data_here --set-raw-bytes=true`,
  ).addOption(boolFlag('--set-raw-bytes', 'When writing a []byte PROPERTY_VALUE, write the given string directly without base64 decoding.'));

  sub(
    'set-cluster',
    'Set a cluster entry in kubeconfig',
    `Set a cluster entry in kubeconfig.

 Specifying a name that already exists will merge new fields on top of existing values for those fields.`,
    'NAME [--server=server] [--certificate-authority=path/to/certificate/authority] [--insecure-skip-tls-verify=true] [--tls-server-name=example.com] [options]',
    `  # Set only the server field on the e2e cluster entry without touching other values
  kubectl config set-cluster e2e --server=https://1.2.3.4

  # Embed certificate authority data for the e2e cluster entry
  kubectl config set-cluster e2e --embed-certs --certificate-authority=~/.kube/e2e/kubernetes.ca.crt

  # Disable cert checking for the e2e cluster entry
  kubectl config set-cluster e2e --insecure-skip-tls-verify=true

  # Set the custom TLS server name to use for validation for the e2e cluster entry
  kubectl config set-cluster e2e --tls-server-name=my-cluster-name

  # Set the proxy URL for the e2e cluster entry
  kubectl config set-cluster e2e --proxy-url=https://1.2.3.4`,
  )
    .option('--certificate-authority <path>', 'Path to certificate-authority file for the cluster entry in kubeconfig')
    .addOption(boolFlag('--embed-certs', 'embed-certs for the cluster entry in kubeconfig'))
    .addOption(boolFlag('--insecure-skip-tls-verify', 'insecure-skip-tls-verify for the cluster entry in kubeconfig'))
    .option('--proxy-url <url>', 'proxy-url for the cluster entry in kubeconfig')
    .option('--server <server>', 'server for the cluster entry in kubeconfig')
    .option('--tls-server-name <name>', 'tls-server-name for the cluster entry in kubeconfig');

  sub(
    'set-context',
    'Set a context entry in kubeconfig',
    `Set a context entry in kubeconfig.

 Specifying a name that already exists will merge new fields on top of existing values for those fields.`,
    '[NAME | --current] [--cluster=cluster_nickname] [--user=user_nickname] [--namespace=namespace] [options]',
    `  # Set the user field on the gce context entry without touching other values
  kubectl config set-context gce --user=cluster-admin`,
  )
    .option('--cluster <name>', 'cluster for the context entry in kubeconfig')
    .addOption(boolFlag('--current', 'Modify the current context'))
    .option('--namespace <namespace>', 'namespace for the context entry in kubeconfig')
    .option('--user <name>', 'user for the context entry in kubeconfig');

  sub(
    'set-credentials',
    'Set a user entry in kubeconfig',
    `Set a user entry in kubeconfig.

 Specifying a name that already exists will merge new fields on top of existing values.

        Client-certificate flags:
        --client-certificate=certfile --client-key=keyfile
        
        Bearer token flags:
        --token=bearer_token
        
        Basic auth flags:
        --username=basic_user --password=basic_password
        
 Bearer token and basic auth are mutually exclusive.`,
    'NAME [--client-certificate=path/to/certfile] [--client-key=path/to/keyfile] [--token=bearer_token] [--username=basic_user] [--password=basic_password] [--auth-provider=provider_name] [--auth-provider-arg=key=value] [--exec-command=exec_command] [--exec-api-version=exec_api_version] [--exec-arg=arg] [--exec-env=key=value] [options]',
    `  # Set only the "client-key" field on the "cluster-admin"
  # entry, without touching other values
  kubectl config set-credentials cluster-admin --client-key=~/.kube/admin.key

  # Set basic auth for the "cluster-admin" entry
  kubectl config set-credentials cluster-admin --username=admin --password=uXFGweU9l35qcif

  # Embed client certificate data in the "cluster-admin" entry
  kubectl config set-credentials cluster-admin --client-certificate=~/.kube/admin.crt --embed-certs=true

  # Enable the Google Compute Platform auth provider for the "cluster-admin" entry
  kubectl config set-credentials cluster-admin --auth-provider=gcp

  # Enable the OpenID Connect auth provider for the "cluster-admin" entry with additional arguments
  kubectl config set-credentials cluster-admin --auth-provider=oidc --auth-provider-arg=client-id=foo --auth-provider-arg=client-secret=bar

  # Remove the "client-secret" config value for the OpenID Connect auth provider for the "cluster-admin" entry
  kubectl config set-credentials cluster-admin --auth-provider=oidc --auth-provider-arg=client-secret-

  # Enable new exec auth plugin for the "cluster-admin" entry
  kubectl config set-credentials cluster-admin --exec-command=/path/to/the/executable --exec-api-version=client.authentication.k8s.io/v1beta1

  # Enable new exec auth plugin for the "cluster-admin" entry with interactive mode
  kubectl config set-credentials cluster-admin --exec-command=/path/to/the/executable --exec-api-version=client.authentication.k8s.io/v1beta1 --exec-interactive-mode=Never

  # Define new exec auth plugin arguments for the "cluster-admin" entry
  kubectl config set-credentials cluster-admin --exec-arg=arg1 --exec-arg=arg2

  # Create or update exec auth plugin environment variables for the "cluster-admin" entry
  kubectl config set-credentials cluster-admin --exec-env=key1=val1 --exec-env=key2=val2

  # Remove exec auth plugin environment variables for the "cluster-admin" entry
  kubectl config set-credentials cluster-admin --exec-env=var-to-remove-`,
  )
    .option('--auth-provider <name>', 'Auth provider for the user entry in kubeconfig')
    .addOption(new Option('--auth-provider-arg <key=value>', "'key=value' arguments for the auth provider").argParser(collectCsv))
    .option('--client-certificate <path>', 'Path to client-certificate file for the user entry in kubeconfig')
    .option('--client-key <path>', 'Path to client-key file for the user entry in kubeconfig')
    .addOption(boolFlag('--embed-certs', 'Embed client cert/key for the user entry in kubeconfig'))
    .option('--exec-api-version <version>', 'API version of the exec credential plugin for the user entry in kubeconfig')
    .addOption(new Option('--exec-arg <arg>', 'New arguments for the exec credential plugin command for the user entry in kubeconfig').argParser(collectCsv))
    .option('--exec-command <command>', 'Command for the exec credential plugin for the user entry in kubeconfig')
    .addOption(new Option('--exec-env <key=value>', "'key=value' environment values for the exec credential plugin").argParser(collect))
    .option('--exec-interactive-mode <mode>', 'InteractiveMode of the exec credentials plugin for the user entry in kubeconfig')
    .addOption(boolFlag('--exec-provide-cluster-info', 'ProvideClusterInfo of the exec credentials plugin for the user entry in kubeconfig'))
    .option('--password <password>', 'password for the user entry in kubeconfig')
    .option('--token <token>', 'token for the user entry in kubeconfig')
    .option('--username <name>', 'username for the user entry in kubeconfig');

  sub(
    'unset',
    'Unset an individual value in a kubeconfig file',
    `Unset an individual value in a kubeconfig file.

 PROPERTY_NAME is a dot delimited name where each token represents either an attribute name or a map key.  Map keys may not contain dots.`,
    'PROPERTY_NAME [options]',
    `  # Unset the current-context
  kubectl config unset current-context

  # Unset namespace in foo context
  kubectl config unset contexts.foo.namespace`,
  );

  sub(
    'use-context',
    'Set the current-context in a kubeconfig file',
    'Set the current-context in a kubeconfig file.',
    'CONTEXT_NAME [options]',
    `  # Use the context for the minikube cluster
  kubectl config use-context minikube`,
  ).alias('use');

  sub(
    'view',
    'Display merged kubeconfig settings or a specified kubeconfig file',
    `Display merged kubeconfig settings or a specified kubeconfig file.

 You can use --output jsonpath={...} to extract specific values using a jsonpath expression.`,
    '[flags] [options]',
    `  # Show merged kubeconfig settings
  kubectl config view

  # Show merged kubeconfig settings, raw certificate data, and exposed secrets
  kubectl config view --raw

  # Get the password for the e2e user
  kubectl config view -o jsonpath='{.users[?(@.name == "e2e")].user.password}'`,
  )
    .addOption(boolFlag('--allow-missing-template-keys', 'If true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats.').default(undefined, 'true'))
    .addOption(boolFlag('--flatten', 'Flatten the resulting kubeconfig file into self-contained output (useful for creating portable kubeconfig files)'))
    .addOption(boolFlag('--merge', 'Merge the full hierarchy of kubeconfig files').default(undefined, 'true'))
    .addOption(boolFlag('--minify', 'Remove all information not used by current-context from the output'))
    .addOption(new Option('-o, --output <format>', 'Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file).').default(undefined, "'yaml'"))
    .addOption(boolFlag('--raw', 'Display raw byte data and sensitive data'))
    .addOption(boolFlag('--show-managed-fields', 'If true, keep the managedFields when printing objects in JSON or YAML format.'))
    .option('--template <template>', 'Template string or path to template file to use when -o=go-template, -o=go-template-file. The template format is golang templates [http://golang.org/pkg/text/template/#pkg-overview].');

  // `ktl config` alone prints its help; an unknown subcommand is a usage error, as in kubectl
  subCommandRun(config);
}

export { parseBoolFlag };
