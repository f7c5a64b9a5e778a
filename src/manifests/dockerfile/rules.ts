/** The Dockerfile rules' documentation: what each checks, why, how to fix it, and how peers differ. */
import type { RuleDoc } from '../model';

export const RUNS_AS_ROOT = 'SR-DOCKER-001';
export const BASE_IMAGE_NOT_PINNED = 'SR-DOCKER-002';
export const FULL_BASE_IMAGE = 'SR-DOCKER-003';
export const REMOTE_ADD = 'SR-DOCKER-004';
export const SECRET_IN_ENV_OR_ARG = 'SR-DOCKER-005';
export const NO_HEALTHCHECK = 'SR-DOCKER-006';

export type DockerfileRuleId =
  | typeof RUNS_AS_ROOT
  | typeof BASE_IMAGE_NOT_PINNED
  | typeof FULL_BASE_IMAGE
  | typeof REMOTE_ADD
  | typeof SECRET_IN_ENV_OR_ARG
  | typeof NO_HEALTHCHECK;

const fence = (code: string): string => ['```dockerfile', code.trim(), '```'].join('\n');

export const DOCKERFILE_RULE_DOCS: Readonly<Record<DockerfileRuleId, RuleDoc>> = {
  [RUNS_AS_ROOT]: {
    id: RUNS_AS_ROOT,
    kind: 'dockerfile',
    title: 'Final stage runs as root',
    severity: 'warning',
    rationale: [
      'A container runs as the user its image names, and without a `USER` that is root for nearly every base image (and always for `scratch`).',
      'Root in a container is root on the same kernel as the host: a kernel or runtime bug, a mounted Docker socket or host path turns an application bug into a host compromise, and the process can rewrite every file of the image.',
      "Kubernetes' `runAsNonRoot` and the Pod Security Standards `restricted` profile refuse such images.",
      'Only the final stage matters: it is the image that ships.',
    ].join(' '),
    remediation: [
      'End the final stage with `USER` and a non-root user, after the steps that need root (package installs). Create the user, or use the one the image already has: `node` in the `node` images, `nonroot` (65532) in distroless `:nonroot` images. A numeric uid works even without `/etc/passwd` (for example `FROM scratch`) and lets Kubernetes verify `runAsNonRoot`.',
      '',
      fence(`
FROM python:3.12-slim
RUN useradd --uid 10001 --no-create-home app
COPY --chown=10001 . /app
USER 10001
CMD ["python", "/app/main.py"]
`),
      '',
      'The quick fix adds `USER 10001` before the final stage\'s first `CMD`/`ENTRYPOINT` that follows its last `RUN` (or after its last instruction), or, when the final stage\'s last `USER` is root and no `RUN` follows it, replaces that user. On Windows base images it uses `ContainerUser`. Check that the application can still read its files and write where it needs to.',
    ].join('\n'),
    peers: ['hadolint DL3002', 'Trivy DS-0002', 'Checkov CKV_DOCKER_3', 'Checkov CKV_DOCKER_8'],
    controls: [],
    fixable: true,
    notes: [
      '- hadolint DL3002 only reports an explicit last `USER root` and is silent when there is no `USER` at all; Trivy DS-0002 and Checkov (CKV_DOCKER_3: no `USER`; CKV_DOCKER_8: last `USER` is root) report both. We report both: without `USER` the image runs as root.',
      '- A `USER` in an earlier build stage does not count: it does not reach the shipped image. A final `FROM <stage>` does inherit that stage\'s `USER` (Docker carries the image configuration over), so a non-root `USER` there passes.',
      '- A final `FROM scratch` without `USER` is reported: the process runs as uid 0.',
      "- A base image's own configured user (distroless `:nonroot`, for example) cannot be seen from the Dockerfile: write `USER nonroot` explicitly, which also documents it.",
      '- `root` and `0` count as root whatever the group (`root:root`, `0:0`, `root:app`); on Windows, `ContainerAdministrator`. A `USER` whose value comes from a variable is resolved from ARG defaults and ENV values; when the value cannot be known (a build argument without default), it is trusted.',
    ].join('\n'),
  },
  [BASE_IMAGE_NOT_PINNED]: {
    id: BASE_IMAGE_NOT_PINNED,
    kind: 'dockerfile',
    title: 'Base image is `:latest` or untagged',
    severity: 'warning',
    rationale: [
      'An image without a tag means `:latest`, a pointer its publisher moves with every release.',
      'The same Dockerfile then builds a different image from one day to the next: unreviewed changes and new major versions arrive unannounced, a build cannot be reproduced, and a vulnerability scan of one build says nothing about the next.',
    ].join(' '),
    remediation: [
      'Pin a version tag, and for an immutable reference add its digest (`docker buildx imagetools inspect python:3.12.4-slim-bookworm` prints it). Let Dependabot or Renovate propose updates of the pins.',
      '',
      fence(`
FROM python:3.12.4-slim-bookworm@sha256:<digest>
`),
    ].join('\n'),
    peers: ['hadolint DL3006', 'hadolint DL3007', 'Checkov CKV_DOCKER_7', 'Trivy DS-0001'],
    controls: [],
    fixable: false,
    notes: [
      '- Every stage is checked, not only the final one: what a build stage pulls ends up in the product too.',
      '- `scratch` and references to an earlier stage (`FROM builder`) are exempt, as with all peers. A digest pins the image even together with `:latest`.',
      '- `--platform=` flags are skipped. An image written with variables (`FROM ${BASE_IMAGE}`) is resolved from the defaults of the ARGs declared before the first FROM; when its value is only known at build time (an ARG without default, a predefined platform argument), it is not reported.',
      '- hadolint splits this into DL3006 (untagged) and DL3007 (`:latest`); both are one rule here. No automatic fix: only you know which version to pin.',
    ].join('\n'),
  },
  [FULL_BASE_IMAGE]: {
    id: FULL_BASE_IMAGE,
    kind: 'dockerfile',
    title: 'Final stage uses a full base image where a slim variant exists',
    severity: 'info',
    rationale: [
      'The full language images (`python:3.12`, `node:20`, `ruby:3.3`) are built on `buildpack-deps`: compilers, headers, version-control tools and hundreds of libraries the application does not use at run time.',
      'Each of them is attack surface and a source of vulnerability reports to triage, and they make the image several times larger. The `-slim` variants (and JRE instead of JDK images) leave them out.',
    ].join(' '),
    remediation: [
      'Build in the full image, ship the slim one:',
      '',
      fence(`
FROM python:3.12 AS build
RUN pip wheel --wheel-dir /wheels -r requirements.txt

FROM python:3.12-slim
COPY --from=build /wheels /wheels
RUN pip install --no-index /wheels/*
`),
      '',
      'For Go, copy the binary into `gcr.io/distroless/static` or `scratch`. There is no automatic fix: a slim image lacks build tools and many libraries, so changing the base image can break the build or the application; test it.',
    ].join('\n'),
    peers: ['no direct peer rule (hadolint, Trivy and Checkov do not judge base image variants)'],
    controls: [],
    fixable: false,
    notes: [
      'The images we know variants of (Docker Hub official images, also through a registry mirror that keeps the `library/` path):',
      '- `python`, `ruby`, `perl`, `rust`: the `-slim` tag of the same version and Debian release (`3.12-bookworm` → `3.12-slim-bookworm`); `node`: `-slim` appended (`20-bookworm` → `20-bookworm-slim`); `debian`: `<release>-slim`.',
      '- `eclipse-temurin`: the JRE of the same version (`21-jdk-jammy` → `21-jre-jammy`); `openjdk` (deprecated upstream and no longer updated): `eclipse-temurin:<version>-jre`.',
      '- `golang`: any tag, including alpine, is a whole Go toolchain; the suggestion is a multi-stage build into distroless or `scratch`.',
      'Tags that already name a small variant (`slim`, `alpine`, JRE, Windows `nanoserver`/`windowsservercore`) pass. Only the final stage is checked (build stages often need the full image); when it is `FROM <stage>`, the base image of that stage chain is. Images we do not know (`ubuntu`, `maven`...) are not reported rather than guessed at. Severity info: smaller is better, not a vulnerability by itself.',
    ].join('\n'),
  },
  [REMOTE_ADD]: {
    id: REMOTE_ADD,
    kind: 'dockerfile',
    title: 'ADD of a remote URL without a checksum',
    severity: 'warning',
    rationale: [
      'ADD downloads a URL at build time and puts whatever it receives into the image, unverified.',
      'A compromised or hijacked server, a re-published release or a moved Git tag then ships into the image without anyone noticing, and the build cannot be reproduced.',
    ].join(' '),
    remediation: [
      'Pin the content: give `ADD` the expected checksum (BuildKit refuses a download that does not match), or download and verify in `RUN`. For Git sources, pin a full commit hash.',
      '',
      fence(`
ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d \\
    https://example.com/tool-1.2.3.tar.gz /tmp/tool.tar.gz
ADD https://github.com/example/lib.git#8b1f3c9d2e4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c /src/lib
`),
    ].join('\n'),
    peers: ['Checkov CKV_DOCKER_4', 'hadolint DL3020', 'Trivy DS-0005'],
    controls: [],
    fixable: false,
    notes: [
      '- Checkov CKV_DOCKER_4 reports every ADD; hadolint DL3020 and Trivy DS-0005 ("ADD instead of COPY") are about ADD of local files that are not archives (use COPY: a style rule). We report only remote sources that are not pinned, and not ADD of local files or archives: that is not a security problem by itself.',
      '- Remote: `http://`, `https://` and `ftp://` URLs (ADD does not support FTP: download it with a verified `RUN`), and Git remotes (`git@host:repo`, `git://`, `ssh://`, and `https://` URLs of a `.git` repository, which BuildKit clones).',
      '- An `http(s)` source passes with `--checksum=`; a Git source passes when pinned to a full commit hash (`#<40 hex>`) or with `--checksum=` (which newer BuildKit versions check against the commit).',
      '- A source written with variables is resolved from ARG defaults and ENV values; when it cannot be known, it is not reported.',
    ].join('\n'),
  },
  [SECRET_IN_ENV_OR_ARG]: {
    id: SECRET_IN_ENV_OR_ARG,
    kind: 'dockerfile',
    title: 'Secret in ENV or ARG',
    severity: 'error',
    rationale: [
      'An ENV value is stored in the image configuration: every container gets it, anyone who can pull the image reads it with `docker inspect`, and every image built on it inherits it.',
      'An ARG default is written in the Dockerfile (and so in source control), and build arguments used by RUN are recorded in the image history (`docker history`) and in provenance attestations.',
      'A secret in either has to be treated as leaked.',
    ].join(' '),
    remediation: [
      'At build time, mount the secret for the one step that needs it (it is not stored in any layer); at run time, pass it to the container (a Kubernetes Secret, AWS Secrets Manager, `docker run --env-file`), or point to a file (`ENV DB_PASSWORD_FILE=/run/secrets/db_password`). Rotate any secret that was committed.',
      '',
      fence(`
# syntax=docker/dockerfile:1
FROM node:20-slim
RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci
# docker build --secret id=npm_token,env=NPM_TOKEN .
`),
    ].join('\n'),
    peers: ['hadolint DL3064', 'Trivy DS-0031', 'Docker build check SecretsUsedInArgOrEnv'],
    controls: [],
    fixable: false,
    notes: [
      '- Peers judge names alone (even an ARG without value, and hadolint matches substrings, so `USERNAME` fires). We report a secret-looking name only when the file gives it a value: ENV with any non-empty value (a literal, or a build argument it copies into the image for good) and ARG with a literal default. An ARG without default is not reported: its value is not in the file (still, prefer `--secret` over `--build-arg` for it).',
      '- Any ENV or ARG whose value is a URL with an embedded password (`postgres://app:pw@db/app`) is reported whatever its name.',
      '- Names are matched by words, not substrings: PASSWORD, PASSWD, PASS, PWD (not alone: that is the working directory), PASSPHRASE, SECRET, TOKEN, APIKEY, CREDENTIAL(S), and API/ACCESS/PRIVATE/SECRET/SIGNING/ENCRYPTION/MASTER/CLIENT/AUTH/SSH/TLS/SSL + KEY. `TOKENIZERS_PARALLELISM`, `GPG_KEY` (a key fingerprint in official images) and `USERNAME` are not secrets. Names ending in FILE, PATH, DIR, URL, NAME, ID, ARN, LENGTH, TTL and the like refer to a secret rather than hold it; values that are file paths (`/run/secrets/db`) pass.',
      '- One default severity, error: the message says whether the value persists in the image (ENV) or in the file and build history (ARG).',
    ].join('\n'),
  },
  [NO_HEALTHCHECK]: {
    id: NO_HEALTHCHECK,
    kind: 'dockerfile',
    title: 'No HEALTHCHECK in the final stage',
    severity: 'info',
    rationale: [
      'Without a HEALTHCHECK, Docker, Compose, Swarm and ECS only know whether the process exists, not whether it works: a hung or deadlocked service stays "running" and is never restarted, and `depends_on: condition: service_healthy` cannot work.',
      'Kubernetes ignores HEALTHCHECK and uses its own probes.',
    ].join(' '),
    remediation: [
      'Add a check that exercises the service, in the final stage. Use exec form with a binary the image has (distroless images have no shell or curl: use the application\'s own check). Where only Kubernetes runs the image, record that decision with `HEALTHCHECK NONE`.',
      '',
      fence(`
HEALTHCHECK --interval=30s --timeout=3s --retries=3 CMD ["/app/server", "--healthcheck"]
`),
    ].join('\n'),
    peers: ['Checkov CKV_DOCKER_2', 'Trivy DS-0026', 'hadolint: no rule (off by default)'],
    controls: [],
    fixable: false,
    notes: [
      '- A HEALTHCHECK in the final stage, or in the stage it builds on (`FROM <stage>`, which inherits it), passes; so does `HEALTHCHECK NONE`, a deliberate choice. A base image\'s own HEALTHCHECK cannot be seen from the Dockerfile.',
      '- No automatic fix: only you know what "healthy" means for the service.',
    ].join('\n'),
  },
};

export const DOCKERFILE_RULE_LIST: readonly RuleDoc[] = Object.values(DOCKERFILE_RULE_DOCS);
