/** The Kubernetes rules' documentation (shown behind each diagnostic's code link). */
import type { RuleDoc } from '../model';

const yaml = (body: string): string => ['```yaml', body.trim(), '```'].join('\n');

const RESTRICTED_CONTEXT = yaml(`
containers:
  - name: web
    image: registry.example.com/web:1.4.2
    securityContext:
      runAsNonRoot: true
      allowPrivilegeEscalation: false
      capabilities:
        drop: [ALL]
      readOnlyRootFilesystem: true
      seccompProfile:
        type: RuntimeDefault
`);

const RESTRICTED_FIX =
  'The quick fix adds to the container\'s `securityContext` (creating it if needed) whatever the container lacks of `runAsNonRoot: true`, `allowPrivilegeEscalation: false`, `capabilities.drop: [ALL]`, `readOnlyRootFilesystem: true` and `seccompProfile.type: RuntimeDefault`, replaces wrong values and keeps everything else. It is not offered for a container written through a YAML anchor, alias or merge key (the edit would change every place that uses it).';

export const KUBERNETES_RULES: readonly RuleDoc[] = [
  {
    id: 'SR-K8S-001',
    kind: 'kubernetes',
    title: 'Namespace does not enforce the Pod Security Standards restricted profile',
    severity: 'warning',
    rationale:
      'Pod Security Admission only rejects privileged pods in a namespace that asks for it. Without `pod-security.kubernetes.io/enforce: restricted`, anything in this file or any later deployment can run privileged, root or host-namespace pods there, and every other rule here becomes advice nobody enforces.',
    remediation: [
      'Label the Namespace (the version label pins the profile\'s rules; `latest` follows the cluster):',
      yaml(`
apiVersion: v1
kind: Namespace
metadata:
  name: payments
  labels:
    pod-security.kubernetes.io/enforce: restricted
    pod-security.kubernetes.io/enforce-version: latest
`),
      'The quick fix sets the enforce label (replacing `baseline` or `privileged`) and adds `enforce-version: latest` when there is none; it works whether `labels` is missing, empty, or written in flow or block style.',
    ].join('\n\n'),
    peers: ['Kubescape C-0200', 'Kubescape C-0201'],
    controls: [],
    fixable: true,
    notes: 'Only Kubescape checks this label. Namespaces that must run privileged system pods (kube-system) should suppress the finding on that line.',
  },
  {
    id: 'SR-K8S-002',
    kind: 'kubernetes',
    title: 'Container may run as root',
    severity: 'warning',
    rationale:
      'A process running as root inside the container is root on the host once it escapes (a kernel or runtime bug, a mounted socket, a hostPath). `runAsNonRoot: true` makes the kubelet refuse to start a container whose user is root.',
    remediation: [
      'Set `runAsNonRoot: true` (or a `runAsUser` above 0) on the container, or on the pod so every container inherits it:',
      RESTRICTED_CONTEXT,
      RESTRICTED_FIX,
    ].join('\n\n'),
    peers: ['kube-linter run-as-non-root', 'Polaris runAsRootAllowed', 'Checkov CKV_K8S_23', 'Trivy KSV-0012'],
    controls: [],
    fixable: true,
    notes:
      'Like all peers, the pod-level value is inherited unless the container overrides it, and `runAsUser` above 0 passes without `runAsNonRoot`. `runAsUser: 0` fails even next to `runAsNonRoot: true` (the kubelet would refuse to start the container); that finding has no quick fix, because only the author knows which user id the image needs.',
  },
  {
    id: 'SR-K8S-003',
    kind: 'kubernetes',
    title: 'Container allows privilege escalation',
    severity: 'warning',
    rationale:
      '`allowPrivilegeEscalation` defaults to true: a process can gain more privileges than its parent through setuid binaries or file capabilities. Setting it to false sets `no_new_privs` on the container\'s processes.',
    remediation: ['Set `allowPrivilegeEscalation: false` on every container:', RESTRICTED_CONTEXT, RESTRICTED_FIX].join('\n\n'),
    peers: ['Checkov CKV_K8S_20', 'Trivy KSV-0001'],
    controls: [],
    fixable: true,
    notes:
      'kube-linter reports only an explicit `true`; Polaris, Checkov CKV_K8S_20, Trivy KSV-0001 and Kubescape also report it unset. We follow the restricted profile and report it unset. Windows pods (`spec.os.name: windows`) are exempt, as in the restricted profile. No quick fix is offered for a privileged container or one adding SYS_ADMIN: Kubernetes rejects `allowPrivilegeEscalation: false` next to either.',
  },
  {
    id: 'SR-K8S-004',
    kind: 'kubernetes',
    title: 'Privileged container',
    severity: 'error',
    rationale:
      'A privileged container has every Linux capability and the host\'s devices, and runs without seccomp or AppArmor confinement: it is root on the node in all but name.',
    remediation: ['Remove `privileged: true`; add only the capabilities the workload needs (if any) instead:', yaml(`
securityContext:
  privileged: false
  capabilities:
    drop: [ALL]
    add: [NET_BIND_SERVICE]
`)].join('\n\n'),
    peers: ['kube-linter privileged-container', 'Checkov CKV_K8S_16'],
    controls: [],
    fixable: false,
  },
  {
    id: 'SR-K8S-005',
    kind: 'kubernetes',
    title: 'Container does not drop ALL capabilities',
    severity: 'warning',
    rationale:
      'Container runtimes grant a default set of capabilities (NET_RAW for spoofed packets, CHOWN, SETUID, DAC_OVERRIDE...). Dropping ALL and adding back only what is needed removes that attack surface.',
    remediation: ['Drop ALL, then add back only what the workload needs:', yaml(`
securityContext:
  capabilities:
    drop: [ALL]
    add: [NET_BIND_SERVICE]   # only if it binds a port below 1024
`), RESTRICTED_FIX].join('\n\n'),
    peers: ['Trivy KSV-0003', 'Checkov CKV_K8S_37'],
    controls: [],
    fixable: true,
    notes: 'A list that drops only some capabilities (NET_RAW, say) still fails: the restricted profile asks for ALL. Windows pods are exempt.',
  },
  {
    id: 'SR-K8S-006',
    kind: 'kubernetes',
    title: 'Container adds dangerous capabilities',
    severity: 'error',
    rationale:
      'Capabilities such as SYS_ADMIN, NET_ADMIN, NET_RAW, SYS_PTRACE, SYS_MODULE, DAC_READ_SEARCH, BPF, PERFMON or SYS_RAWIO (or ALL) let a container reconfigure the host\'s network, read other processes, load kernel modules or escape the container altogether.',
    remediation: ['Remove the capability from `capabilities.add`; find a design that does not need it (a node-level agent, a sidecar with a narrower job):', yaml(`
securityContext:
  capabilities:
    drop: [ALL]
    add: [NET_BIND_SERVICE]
`)].join('\n\n'),
    peers: ['Kubescape C-0046', 'Polaris dangerousCapabilities'],
    controls: [],
    fixable: false,
    notes:
      'Peers keep their own lists (Polaris: ALL, SYS_ADMIN, NET_ADMIN). We report any added capability the Pod Security Standards baseline profile forbids, that is anything but AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID and SYS_CHROOT (with or without the CAP_ prefix).',
  },
  {
    id: 'SR-K8S-007',
    kind: 'kubernetes',
    title: 'Container root filesystem is writable',
    severity: 'warning',
    rationale:
      'With a writable root filesystem an intruder can drop tools, change binaries or plant persistence in the container. A read-only root filesystem, with `emptyDir` volumes for the paths that must be written, closes that.',
    remediation: ['Set `readOnlyRootFilesystem: true` and mount writable scratch space where the program needs it:', yaml(`
containers:
  - name: web
    securityContext:
      readOnlyRootFilesystem: true
    volumeMounts:
      - name: tmp
        mountPath: /tmp
volumes:
  - name: tmp
    emptyDir: {}
`), RESTRICTED_FIX].join('\n\n'),
    peers: ['kube-linter no-read-only-root-fs', 'Checkov CKV_K8S_22', 'Trivy KSV-0014'],
    controls: [],
    fixable: true,
    notes: 'Container level only (there is no pod-level field). Windows pods are exempt (not supported there).',
  },
  {
    id: 'SR-K8S-008',
    kind: 'kubernetes',
    title: 'Container runs without the RuntimeDefault seccomp profile',
    severity: 'warning',
    rationale:
      'Without a seccomp profile the container may call every system call the kernel offers, including rarely used ones behind many container escapes. RuntimeDefault blocks those at no cost to ordinary programs.',
    remediation: ['Set the profile on the pod (inherited by every container) or on the container:', yaml(`
spec:
  securityContext:
    seccompProfile:
      type: RuntimeDefault
`), RESTRICTED_FIX].join('\n\n'),
    peers: ['Checkov CKV_K8S_31', 'Trivy KSV-0030'],
    controls: [],
    fixable: true,
    notes:
      'RuntimeDefault and Localhost pass; Unconfined fails. The container\'s own field wins over its legacy annotation (`container.seccomp.security.alpha.kubernetes.io/<name>`), which wins over the pod\'s field, then the legacy pod annotation (`seccomp.security.alpha.kubernetes.io/pod: runtime/default`, also `docker/default` and `localhost/...`). Windows pods are exempt. No quick fix when the container\'s profile names a `localhostProfile` (Kubernetes rejects it with RuntimeDefault).',
  },
  {
    id: 'SR-K8S-009',
    kind: 'kubernetes',
    title: 'Pod shares a host namespace',
    severity: 'error',
    rationale:
      '`hostNetwork` lets the pod listen on and sniff the node\'s interfaces and reach services bound to localhost; `hostPID` lets it see (and with capabilities, signal or trace) every process on the node; `hostIPC` lets it read other processes\' shared memory.',
    remediation: ['Remove `hostNetwork`, `hostPID` and `hostIPC` (or set them to false); expose ports through a Service instead:', yaml(`
spec:
  hostNetwork: false
  hostPID: false
  hostIPC: false
`)].join('\n\n'),
    peers: ['kube-linter host-network', 'kube-linter host-pid', 'kube-linter host-ipc', 'Checkov CKV_K8S_17', 'Checkov CKV_K8S_18', 'Checkov CKV_K8S_19'],
    controls: [],
    fixable: false,
  },
  {
    id: 'SR-K8S-010',
    kind: 'kubernetes',
    title: 'Image not pinned to a tag or digest',
    severity: 'warning',
    rationale:
      'An image without a tag means `:latest`, which changes whenever someone pushes: two replicas may run different code, a rollback restores nothing, and a compromised registry push goes live on the next restart.',
    remediation: ['Pin a version tag, or better a digest:', yaml(`
image: registry.example.com/web:1.4.2
# or
image: registry.example.com/web@sha256:3f1a...e9
`)].join('\n\n'),
    peers: ['Checkov CKV_K8S_14', 'kube-linter latest-tag'],
    controls: [],
    fixable: false,
    notes: 'A digest passes even next to `:latest`. A registry port (`registry:5000/app`) is not a tag. A version tag is enough; we do not require a digest.',
  },
  {
    id: 'SR-K8S-011',
    kind: 'kubernetes',
    title: 'Container has no cpu or memory limit',
    severity: 'warning',
    rationale:
      'Without limits a container (a leak, a busy loop, or an attacker mining) can use the whole node and starve its neighbours, including security agents; memory pressure then evicts pods at random.',
    remediation: ['Set both limits (and requests):', yaml(`
resources:
  requests:
    cpu: 100m
    memory: 128Mi
  limits:
    cpu: 500m
    memory: 256Mi
`)].join('\n\n'),
    peers: ['Checkov CKV_K8S_11', 'Checkov CKV_K8S_13', 'Polaris cpuLimitsMissing', 'Polaris memoryLimitsMissing'],
    controls: [],
    fixable: false,
    notes: 'One finding per container, naming what is missing. Ephemeral containers are skipped (Kubernetes does not allow resources on them). No quick fix: the right figures depend on the workload.',
  },
  {
    id: 'SR-K8S-012',
    kind: 'kubernetes',
    title: 'Secret in a literal environment value',
    severity: 'error',
    rationale:
      'A password or token written in the manifest is in git history, in every copy of the repository, in `kubectl get -o yaml` for anyone who can read the object, and in CI logs. It cannot be rotated without a commit.',
    remediation: ['Keep the value in a Secret and reference it:', yaml(`
env:
  - name: DB_PASSWORD
    valueFrom:
      secretKeyRef:
        name: db-credentials
        key: password
`)].join('\n\n'),
    peers: ['kube-linter env-var-secret', 'Checkov CKV_K8S_35'],
    controls: [],
    fixable: false,
    notes:
      'The name decides: PASSWORD, PASSWD, PASSPHRASE, SECRET, TOKEN, API_KEY, ACCESS_KEY, PRIVATE_KEY, CREDENTIALS, AUTH_KEY, PWD (any case, `-` or `.` as separators), except names of files, paths, URLs, hosts, names or ids (`..._FILE`, `..._PATH`, `..._URL`, `..._ID`...). `valueFrom`, an empty value and a `$(OTHER_VAR)` reference pass. The value itself is never repeated in the message.',
  },
  {
    id: 'SR-K8S-013',
    kind: 'kubernetes',
    title: 'Workload not selected by any NetworkPolicy',
    severity: 'warning',
    rationale:
      'Pods that no NetworkPolicy selects accept traffic from every pod in the cluster and may reach anything: one compromised pod can then probe databases, the cloud metadata endpoint and the API server. A default-deny policy per namespace turns that around.',
    remediation: ['Add a policy that selects the pods (a default-deny for the namespace, then allow what is needed):', yaml(`
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny
  namespace: payments
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
`)].join('\n\n'),
    peers: ['kube-score pod-networkpolicy', 'Polaris missingNetworkPolicy'],
    controls: [],
    fixable: false,
    notes:
      'Decidable only from the manifests in the workspace: the rule is silent unless the workspace holds a NetworkPolicy in the workload\'s namespace or its Namespace object (the namespace is `metadata.namespace`, else `default`). A policy selects the pod when its podSelector is empty or its matchLabels and matchExpressions (In, NotIn, Exists, DoesNotExist) match the pod template\'s labels; a selector set by a template counts as selecting every pod. Like kube-score we only ask that some policy selects the pod; Polaris also wants both ingress and egress rules.',
  },
  {
    id: 'SR-K8S-014',
    kind: 'kubernetes',
    title: 'RBAC rule with wildcard verbs or resources',
    severity: 'warning',
    rationale:
      'A `*` in `verbs` or `resources` grants everything, today and whatever the API adds tomorrow (new resources, new verbs such as `escalate` or `impersonate`): least privilege cannot be reviewed.',
    remediation: ['List the verbs and resources the subject needs:', yaml(`
rules:
  - apiGroups: ["apps"]
    resources: ["deployments"]
    verbs: ["get", "list", "watch", "patch"]
`)].join('\n\n'),
    peers: ['kube-linter wildcard-in-rules', 'Checkov CKV_K8S_49', 'Trivy KSV-0044', 'Trivy KSV-0045', 'Trivy KSV-0046'],
    controls: [],
    fixable: false,
    notes: 'One finding per `*`, in Roles and ClusterRoles. Wildcard apiGroups alone are not reported.',
  },
  {
    id: 'SR-K8S-015',
    kind: 'kubernetes',
    title: 'RBAC access to secrets',
    severity: 'warning',
    rationale:
      'Reading secrets (get, list or watch) hands over every credential they hold: service-account tokens, database passwords, TLS keys. Writing them lets a subject swap credentials other workloads trust.',
    remediation: ['Grant access to secrets only to the controllers that need it, and only to named secrets where possible (`list` and `watch` ignore `resourceNames`):', yaml(`
rules:
  - apiGroups: [""]
    resources: ["configmaps"]
    verbs: ["get"]
`)].join('\n\n'),
    peers: ['kube-linter access-to-secrets', 'Trivy KSV-0041', 'Trivy KSV-0113'],
    controls: [],
    fixable: false,
    notes: 'Reported for get, list, watch, create, update, patch, delete, deletecollection or `*` on `secrets` (or `*` resources) in the core group (`""` or `*`). `resourceNames` does not exempt the rule (kube-linter does the same).',
  },
  {
    id: 'SR-K8S-016',
    kind: 'kubernetes',
    title: 'Binding to cluster-admin',
    severity: 'error',
    rationale:
      'cluster-admin can do anything: read every secret, run privileged pods, change RBAC. A workload or person bound to it turns any compromise into a compromise of the whole cluster.',
    remediation: ['Bind a Role with the permissions the subject needs instead:', yaml(`
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: deployer
  namespace: shop
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: deployer
subjects:
  - kind: ServiceAccount
    name: ci
    namespace: shop
`)].join('\n\n'),
    peers: ['Polaris clusterrolebindingClusterAdmin'],
    controls: [],
    fixable: false,
    notes: 'RoleBindings to the cluster-admin ClusterRole count too (admin of the namespace, secrets included). Subjects named `system:...` (the cluster\'s own users and groups, such as system:masters) are exempt, as in Polaris; a binding left with no other subject is not reported. A subject whose name a template sets is not exempt.',
  },
];
