/**
 * kubectl 1.33's help for the create generators (`create configmap --help` ...):
 * the long description, the examples, the usage after the command path, and
 * where the shared flag declarations differ, the defaults and texts its flags show.
 */
export const GENERATOR_HELP: Record<string, { long: string; examples: string; usage: string; defaults?: Record<string, string>; texts?: Record<string, string> }> = {
  namespace: {
    long: "Create a namespace with the specified name.",
    examples: "  # Create a new namespace named my-namespace\n  ktl create namespace my-namespace",
    usage: "NAME [--dry-run=server|client|none] [options]",
  },
  deployment: {
    long: "Create a deployment with the specified name.",
    examples: "  # Create a deployment named my-dep that runs the busybox image\n  ktl create deployment my-dep --image=busybox\n\n  # Create a deployment with a command\n  ktl create deployment my-dep --image=busybox -- date\n\n  # Create a deployment named my-dep that runs the nginx image with 3 replicas\n  ktl create deployment my-dep --image=nginx --replicas=3\n\n  # Create a deployment named my-dep that runs the busybox image and expose port 5701\n  ktl create deployment my-dep --image=busybox --port=5701\n\n  # Create a deployment named my-dep that runs multiple containers\n  ktl create deployment my-dep --image=busybox:latest --image=ubuntu:latest --image=nginx",
    usage: "NAME --image=image -- [COMMAND] [args...] [options]",
    defaults: {"--port": "-1", "--replicas": "1"},
  },
  configmap: {
    long: "Create a config map based on a file, directory, or specified literal value.\n\n A single config map may package one or more key/value pairs.\n\n When creating a config map based on a file, the key will default to the basename of the file, and the value will default to the file content.  If the basename is an invalid key, you may specify an alternate key.\n\n When creating a config map based on a directory, each file whose basename is a valid key in the directory will be packaged into the config map.  Any directory entries except regular files are ignored (e.g. subdirectories, symlinks, devices, pipes, etc).",
    examples: "  # Create a new config map named my-config based on folder bar\n  ktl create configmap my-config --from-file=path/to/bar\n\n  # Create a new config map named my-config with specified keys instead of file basenames on disk\n  ktl create configmap my-config --from-file=key1=/path/to/bar/file1.txt --from-file=key2=/path/to/bar/file2.txt\n\n  # Create a new config map named my-config with key1=config1 and key2=config2\n  ktl create configmap my-config --from-literal=key1=config1 --from-literal=key2=config2\n\n  # Create a new config map named my-config from the key=value pairs in the file\n  ktl create configmap my-config --from-file=path/to/bar\n\n  # Create a new config map named my-config from an env file\n  ktl create configmap my-config --from-env-file=path/to/foo.env --from-env-file=path/to/bar.env",
    usage: "NAME [--from-file=[key=]source] [--from-literal=key1=value1] [--dry-run=server|client|none] [options]",
    texts: {"--append-hash": "Append a hash of the configmap to its name.", "--from-env-file": "Specify the path to a file to read lines of key=val pairs to create a configmap.", "--from-file": "Key file can be specified using its file path, in which case file basename will be used as configmap key, or optionally with a key and file path, in which case the given key will be used.  Specifying a directory will iterate each named file in the directory whose basename is a valid configmap key."},
  },
  "secret generic": {
    long: "Create a secret based on a file, directory, or specified literal value.\n\n A single secret may package one or more key/value pairs.\n\n When creating a secret based on a file, the key will default to the basename of the file, and the value will default to the file content. If the basename is an invalid key or you wish to chose your own, you may specify an alternate key.\n\n When creating a secret based on a directory, each file whose basename is a valid key in the directory will be packaged into the secret. Any directory entries except regular files are ignored (e.g. subdirectories, symlinks, devices, pipes, etc).",
    examples: "  # Create a new secret named my-secret with keys for each file in folder bar\n  ktl create secret generic my-secret --from-file=path/to/bar\n\n  # Create a new secret named my-secret with specified keys instead of names on disk\n  ktl create secret generic my-secret --from-file=ssh-privatekey=path/to/id_rsa --from-file=ssh-publickey=path/to/id_rsa.pub\n\n  # Create a new secret named my-secret with key1=supersecret and key2=topsecret\n  ktl create secret generic my-secret --from-literal=key1=supersecret --from-literal=key2=topsecret\n\n  # Create a new secret named my-secret using a combination of a file and a literal\n  ktl create secret generic my-secret --from-file=ssh-privatekey=path/to/id_rsa --from-literal=passphrase=topsecret\n\n  # Create a new secret named my-secret from env files\n  ktl create secret generic my-secret --from-env-file=path/to/foo.env --from-env-file=path/to/bar.env",
    usage: "NAME [--type=string] [--from-file=[key=]source] [--from-literal=key1=value1] [--dry-run=server|client|none] [options]",
    texts: {"--from-literal": "Specify a key and literal value to insert in secret (i.e. mykey=somevalue)"},
  },
  "secret tls": {
    long: "Create a TLS secret from the given public/private key pair.\n\n The public/private key pair must exist beforehand. The public key certificate must be .PEM encoded and match the given private key.",
    examples: "  # Create a new TLS secret named tls-secret with the given key pair\n  ktl create secret tls tls-secret --cert=path/to/tls.crt --key=path/to/tls.key",
    usage: "NAME --cert=path/to/cert/file --key=path/to/key/file [--dry-run=server|client|none] [options]",
  },
  "secret docker-registry": {
    long: "Create a new secret for use with Docker registries.\n        \n        Dockercfg secrets are used to authenticate against Docker registries.\n        \n        When using the Docker command line to push images, you can authenticate to a given registry by running:\n        '$ docker login DOCKER_REGISTRY_SERVER --username=DOCKER_USER --password=DOCKER_PASSWORD --email=DOCKER_EMAIL'.\n        \n That produces a ~/.dockercfg file that is used by subsequent 'docker push' and 'docker pull' commands to authenticate to the registry. The email address is optional.\n\n        When creating applications, you may have a Docker registry that requires authentication.  In order for the\n        nodes to pull images on your behalf, they must have the credentials.  You can provide this information\n        by creating a dockercfg secret and attaching it to your service account.",
    examples: "  # If you do not already have a .dockercfg file, create a dockercfg secret directly\n  ktl create secret docker-registry my-secret --docker-server=DOCKER_REGISTRY_SERVER --docker-username=DOCKER_USER --docker-password=DOCKER_PASSWORD --docker-email=DOCKER_EMAIL\n\n  # Create a new secret named my-secret from ~/.docker/config.json\n  ktl create secret docker-registry my-secret --from-file=path/to/.docker/config.json",
    usage: "NAME --docker-username=user --docker-password=password --docker-email=email [--docker-server=string] [--from-file=[key=]source] [--dry-run=server|client|none] [options]",
    defaults: {"--docker-server": "'https://index.docker.io/v1/'"},
  },
  "service clusterip": {
    long: "Create a ClusterIP service with the specified name.",
    examples: "  # Create a new ClusterIP service named my-cs\n  ktl create service clusterip my-cs --tcp=5678:8080\n\n  # Create a new ClusterIP service named my-cs (in headless mode)\n  ktl create service clusterip my-cs --clusterip=\"None\"",
    usage: "NAME [--tcp=<port>:<targetPort>] [--dry-run=server|client|none] [options]",
  },
  "service nodeport": {
    long: "Create a NodePort service with the specified name.",
    examples: "  # Create a new NodePort service named my-ns\n  ktl create service nodeport my-ns --tcp=5678:8080",
    usage: "NAME [--tcp=port:targetPort] [--dry-run=server|client|none] [options]",
    defaults: {"--node-port": "0"},
  },
  "service loadbalancer": {
    long: "Create a LoadBalancer service with the specified name.",
    examples: "  # Create a new LoadBalancer service named my-lbs\n  ktl create service loadbalancer my-lbs --tcp=5678:8080",
    usage: "NAME [--tcp=port:targetPort] [--dry-run=server|client|none] [options]",
  },
  "service externalname": {
    long: "Create an ExternalName service with the specified name.\n\n ExternalName service references to an external DNS address instead of only pods, which will allow application authors to reference services that exist off platform, on other clusters, or locally.",
    examples: "  # Create a new ExternalName service named my-ns\n  ktl create service externalname my-ns --external-name bar.com",
    usage: "NAME --external-name external.name [--dry-run=server|client|none] [options]",
  },
  serviceaccount: {
    long: "Create a service account with the specified name.",
    examples: "  # Create a new service account named my-service-account\n  ktl create serviceaccount my-service-account",
    usage: "NAME [--dry-run=server|client|none] [options]",
  },
  job: {
    long: "Create a job with the specified name.",
    examples: "  # Create a job\n  ktl create job my-job --image=busybox\n\n  # Create a job with a command\n  ktl create job my-job --image=busybox -- date\n\n  # Create a job from a cron job named \"a-cronjob\"\n  ktl create job test-job --from=cronjob/a-cronjob",
    usage: "NAME --image=image [--from=cronjob/name] -- [COMMAND] [args...] [options]",
  },
  cronjob: {
    long: "Create a cron job with the specified name.",
    examples: "  # Create a cron job\n  ktl create cronjob my-job --image=busybox --schedule=\"*/1 * * * *\"\n\n  # Create a cron job with a command\n  ktl create cronjob my-job --image=busybox --schedule=\"*/1 * * * *\" -- date",
    usage: "NAME --image=image --schedule='0/5 * * * ?' -- [COMMAND] [args...] [flags] [options]",
  },
  role: {
    long: "Create a role with single rule.",
    examples: "  # Create a role named \"pod-reader\" that allows user to perform \"get\", \"watch\" and \"list\" on pods\n  ktl create role pod-reader --verb=get --verb=list --verb=watch --resource=pods\n\n  # Create a role named \"pod-reader\" with ResourceName specified\n  ktl create role pod-reader --verb=get --resource=pods --resource-name=readablepod --resource-name=anotherpod\n\n  # Create a role named \"foo\" with API Group specified\n  ktl create role foo --verb=get,list,watch --resource=rs.apps\n\n  # Create a role named \"foo\" with SubResource specified\n  ktl create role foo --verb=get,list,watch --resource=pods,pods/status",
    usage: "NAME --verb=verb --resource=resource.group/subresource [--resource-name=resourcename] [--dry-run=server|client|none] [options]",
  },
  clusterrole: {
    long: "Create a cluster role.",
    examples: "  # Create a cluster role named \"pod-reader\" that allows user to perform \"get\", \"watch\" and \"list\" on pods\n  ktl create clusterrole pod-reader --verb=get,list,watch --resource=pods\n\n  # Create a cluster role named \"pod-reader\" with ResourceName specified\n  ktl create clusterrole pod-reader --verb=get --resource=pods --resource-name=readablepod --resource-name=anotherpod\n\n  # Create a cluster role named \"foo\" with API Group specified\n  ktl create clusterrole foo --verb=get,list,watch --resource=rs.apps\n\n  # Create a cluster role named \"foo\" with SubResource specified\n  ktl create clusterrole foo --verb=get,list,watch --resource=pods,pods/status\n\n  # Create a cluster role name \"foo\" with NonResourceURL specified\n  ktl create clusterrole \"foo\" --verb=get --non-resource-url=/logs/*\n\n  # Create a cluster role name \"monitoring\" with AggregationRule specified\n  ktl create clusterrole monitoring --aggregation-rule=\"rbac.example.com/aggregate-to-monitoring=true\"",
    usage: "NAME --verb=verb --resource=resource.group [--resource-name=resourcename] [--dry-run=server|client|none] [options]",
  },
  rolebinding: {
    long: "Create a role binding for a particular role or cluster role.",
    examples: "  # Create a role binding for user1, user2, and group1 using the admin cluster role\n  ktl create rolebinding admin --clusterrole=admin --user=user1 --user=user2 --group=group1\n\n  # Create a role binding for service account monitoring:sa-dev using the admin role\n  ktl create rolebinding admin-binding --role=admin --serviceaccount=monitoring:sa-dev",
    usage: "NAME --clusterrole=NAME|--role=NAME [--user=username] [--group=groupname] [--serviceaccount=namespace:serviceaccountname] [--dry-run=server|client|none] [options]",
    texts: {"--clusterrole": "ClusterRole this RoleBinding should reference", "--group": "Groups to bind to the role. The flag can be repeated to add multiple groups.", "--serviceaccount": "Service accounts to bind to the role, in the format <namespace>:<name>. The flag can be repeated to add multiple service accounts.", "--user": "Usernames to bind to the role. The flag can be repeated to add multiple users."},
  },
  clusterrolebinding: {
    long: "Create a cluster role binding for a particular cluster role.",
    examples: "  # Create a cluster role binding for user1, user2, and group1 using the cluster-admin cluster role\n  ktl create clusterrolebinding cluster-admin --clusterrole=cluster-admin --user=user1 --user=user2 --group=group1",
    usage: "NAME --clusterrole=NAME [--user=username] [--group=groupname] [--serviceaccount=namespace:serviceaccountname] [--dry-run=server|client|none] [options]",
  },
  quota: {
    long: "Create a resource quota with the specified name, hard limits, and optional scopes.",
    examples: "  # Create a new resource quota named my-quota\n  ktl create quota my-quota --hard=cpu=1,memory=1G,pods=2,services=3,replicationcontrollers=2,resourcequotas=1,secrets=5,persistentvolumeclaims=10\n\n  # Create a new resource quota named best-effort\n  ktl create quota best-effort --hard=pods=100 --scopes=BestEffort",
    usage: "NAME [--hard=key1=value1,key2=value2] [--scopes=Scope1,Scope2] [--dry-run=server|client|none] [options]",
  },
  ingress: {
    long: "Create an ingress with the specified name.",
    examples: "  # Create a single ingress called 'simple' that directs requests to foo.com/bar to svc\n  # svc1:8080 with a TLS secret \"my-cert\"\n  ktl create ingress simple --rule=\"foo.com/bar=svc1:8080,tls=my-cert\"\n\n  # Create a catch all ingress of \"/path\" pointing to service svc:port and Ingress Class as \"otheringress\"\n  ktl create ingress catch-all --class=otheringress --rule=\"/path=svc:port\"\n\n  # Create an ingress with two annotations: ingress.annotation1 and ingress.annotations2\n  ktl create ingress annotated --class=default --rule=\"foo.com/bar=svc:port\" \\\n  --annotation ingress.annotation1=foo \\\n  --annotation ingress.annotation2=bla\n\n  # Create an ingress with the same host and multiple paths\n  ktl create ingress multipath --class=default \\\n  --rule=\"foo.com/=svc:port\" \\\n  --rule=\"foo.com/admin/=svcadmin:portadmin\"\n\n  # Create an ingress with multiple hosts and the pathType as Prefix\n  ktl create ingress ingress1 --class=default \\\n  --rule=\"foo.com/path*=svc:8080\" \\\n  --rule=\"bar.com/admin*=svc2:http\"\n\n  # Create an ingress with TLS enabled using the default ingress certificate and different path types\n  ktl create ingress ingtls --class=default \\\n  --rule=\"foo.com/=svc:https,tls\" \\\n  --rule=\"foo.com/path/subpath*=othersvc:8080\"\n\n  # Create an ingress with TLS enabled using a specific secret and pathType as Prefix\n  ktl create ingress ingsecret --class=default \\\n  --rule=\"foo.com/*=svc:8080,tls=secret1\"\n\n  # Create an ingress with a default backend\n  ktl create ingress ingdefault --class=default \\\n  --default-backend=defaultsvc:http \\\n  --rule=\"foo.com/*=svc:8080,tls=secret1\"",
    usage: "NAME --rule=host/path=service:port[,tls[=secret]]  [options]",
  },
  poddisruptionbudget: {
    long: "Create a pod disruption budget with the specified name, selector, and desired minimum available pods.",
    examples: "  # Create a pod disruption budget named my-pdb that will select all pods with the app=rails label\n  # and require at least one of them being available at any point in time\n  ktl create poddisruptionbudget my-pdb --selector=app=rails --min-available=1\n\n  # Create a pod disruption budget named my-pdb that will select all pods with the app=nginx label\n  # and require at least half of the pods selected to be available at any point in time\n  ktl create pdb my-pdb --selector=app=nginx --min-available=50%",
    usage: "NAME --selector=SELECTOR --min-available=N [--dry-run=server|client|none] [options]",
  },
  priorityclass: {
    long: "Create a priority class with the specified name, value, globalDefault and description.",
    examples: "  # Create a priority class named high-priority\n  ktl create priorityclass high-priority --value=1000 --description=\"high priority\"\n\n  # Create a priority class named default-priority that is considered as the global default priority\n  ktl create priorityclass default-priority --value=1000 --global-default=true --description=\"default priority\"\n\n  # Create a priority class named high-priority that cannot preempt pods with lower priority\n  ktl create priorityclass high-priority --value=1000 --description=\"high priority\" --preemption-policy=\"Never\"",
    usage: "NAME --value=VALUE --global-default=BOOL [--dry-run=server|client|none] [options]",
    defaults: {"--preemption-policy": "'PreemptLowerPriority'", "--value": "0"},
  },
  token: {
    long: "Request a service account token.",
    examples: "  # Request a token to authenticate to the kube-apiserver as the service account \"myapp\" in the current namespace\n  ktl create token myapp\n\n  # Request a token for a service account in a custom namespace\n  ktl create token myapp --namespace myns\n\n  # Request a token with a custom expiration\n  ktl create token myapp --duration 10m\n\n  # Request a token with a custom audience\n  ktl create token myapp --audience https://example.com\n\n  # Request a token bound to an instance of a Secret object\n  ktl create token myapp --bound-object-kind Secret --bound-object-name mysecret\n\n  # Request a token bound to an instance of a Secret object with a specific UID\n  ktl create token myapp --bound-object-kind Secret --bound-object-name mysecret --bound-object-uid 0d4691ed-659b-4935-a832-355f77ee47cc",
    usage: "SERVICE_ACCOUNT_NAME [options]",
  },
};
