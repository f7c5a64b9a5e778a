/**
 * Effective security settings of a container. The pod's securityContext supplies
 * runAsUser, runAsNonRoot and seccompProfile unless the container overrides them;
 * allowPrivilegeEscalation, privileged, readOnlyRootFilesystem and capabilities
 * exist only on containers. A value set by a template is `unknown`: never judged.
 */
import type { LintContext } from './lintContext';
import type { Container, MapField } from './workloads';
import { spanOf, textOf, valueSpan, type Span } from './yamlNodes';

export type Level = 'container' | 'pod';

export type Setting<T> =
  | { state: 'set'; value: T; node: unknown; at: Span; level: Level }
  /** Not set; `at` points at the key when it is there but empty or of the wrong type. */
  | { state: 'unset'; at?: Span }
  | { state: 'unknown' };

/** A field of a securityContext mapping. */
export function fieldOf<T>(container: Container, field: MapField, key: string, parse: (node: unknown) => T | undefined, level: Level, ctx: LintContext): Setting<T> {
  if (field.state === 'unknown') return { state: 'unknown' };
  if (field.state === 'absent') return { state: 'unset' };
  const found = container.pod.nodes.lookup(field.map, key);
  if (!found) return { state: 'unset' };
  if (ctx.unknown(found.value, () => `${key} of ${level === 'pod' ? `the pod of ${container.label}` : container.label}`)) return { state: 'unknown' };
  const value = parse(found.value);
  const at = valueSpan(found);
  if (value === undefined) return at ? { state: 'unset', at } : { state: 'unset' };
  return { state: 'set', value, node: found.value, at: at ?? container.at, level };
}

/** A container-only field. */
export function containerSetting<T>(container: Container, key: string, parse: (node: unknown) => T | undefined, ctx: LintContext): Setting<T> {
  return fieldOf(container, container.securityContext, key, parse, 'container', ctx);
}

/** A field the container inherits from the pod unless it sets it. */
export function inheritedSetting<T>(container: Container, key: string, parse: (node: unknown) => T | undefined, ctx: LintContext): Setting<T> {
  const own = containerSetting(container, key, parse, ctx);
  if (own.state !== 'unset') return own;
  const pod = fieldOf(container, container.pod.securityContext, key, parse, 'pod', ctx);
  return pod.state === 'unset' ? own : pod;
}

export interface CapabilityItem {
  name: string;
  at: Span;
}

export type Capabilities =
  | { state: 'unknown' }
  | {
      state: 'known';
      drop: CapabilityItem[];
      add: CapabilityItem[];
      /** Some item of drop is set by a template. */
      dropUnknown: boolean;
      /** The `drop` key, when there is one. */
      dropAt?: Span;
    };

/** The container's capabilities (container-level only). */
export function capabilitiesOf(container: Container, ctx: LintContext): Capabilities {
  const sc = container.securityContext;
  if (sc.state === 'unknown') return { state: 'unknown' };
  if (sc.state === 'absent') return { state: 'known', drop: [], add: [], dropUnknown: false };
  const nodes = container.pod.nodes;
  const capabilities = nodes.lookup(sc.map, 'capabilities');
  if (capabilities && ctx.unknown(capabilities.value, () => `the capabilities of ${container.label}`)) return { state: 'unknown' };
  const result: Capabilities & { state: 'known' } = { state: 'known', drop: [], add: [], dropUnknown: false };
  for (const list of ['drop', 'add'] as const) {
    const found = nodes.lookup(capabilities?.value, list);
    if (!found) continue;
    if (list === 'drop') result.dropAt = spanOf(found.key);
    if (ctx.unknown(found.value, () => `capabilities.${list} of ${container.label}`)) {
      if (list === 'drop') result.dropUnknown = true;
      continue;
    }
    for (const item of nodes.items(found.value)) {
      if (ctx.unknown(item, () => `capabilities.${list} of ${container.label}`)) {
        if (list === 'drop') result.dropUnknown = true;
        continue;
      }
      const name = textOf(item);
      const at = spanOf(item);
      if (name !== undefined && at) result[list].push({ name, at });
    }
  }
  return result;
}

/** A capability name as the runtime reads it: upper case, without `CAP_`. */
export function capabilityName(name: string): string {
  const upper = name.trim().toUpperCase();
  return upper.startsWith('CAP_') ? upper.slice(4) : upper;
}

export type Seccomp =
  | { state: 'ok' }
  | { state: 'unknown' }
  /** `at` is the offending value when one is written; otherwise the container is pointed at. */
  | { state: 'fail'; at?: Span; detail: string; explicitLevel?: Level };

const GOOD_PROFILE = new Set(['RuntimeDefault', 'Localhost']);

function annotationVerdict(value: string): boolean {
  return value === 'runtime/default' || value === 'docker/default' || value.startsWith('localhost/');
}

type Step = Seccomp | undefined;

function profileStep(container: Container, field: MapField, level: Level, ctx: LintContext): Step {
  if (field.state === 'unknown') return { state: 'unknown' };
  if (field.state === 'absent') return undefined;
  const nodes = container.pod.nodes;
  const profile = nodes.lookup(field.map, 'seccompProfile');
  if (!profile) return undefined;
  const where = level === 'pod' ? `the pod of ${container.label}` : container.label;
  if (ctx.unknown(profile.value, () => `seccompProfile of ${where}`)) return { state: 'unknown' };
  const type = nodes.lookup(profile.value, 'type');
  if (!type) return undefined;
  if (ctx.unknown(type.value, () => `seccompProfile.type of ${where}`)) return { state: 'unknown' };
  const value = textOf(type.value);
  if (value === undefined) return undefined;
  if (GOOD_PROFILE.has(value)) return { state: 'ok' };
  return { state: 'fail', at: valueSpan(type), detail: `its ${level === 'pod' ? 'pod ' : ''}seccompProfile type is ${value}`, explicitLevel: level };
}

function annotationStep(container: Container, key: string, level: Level, ctx: LintContext): Step {
  const nodes = container.pod.nodes;
  const annotations = nodes.lookup(container.pod.metadata, 'annotations');
  if (!annotations) return undefined;
  if (ctx.unknown(annotations.value, () => `the pod annotations of ${container.pod.object.label}`)) return { state: 'unknown' };
  const found = nodes.lookup(annotations.value, key);
  if (!found) return undefined;
  if (ctx.unknown(found.value, () => `the ${key} annotation of ${container.pod.object.label}`)) return { state: 'unknown' };
  const value = textOf(found.value);
  if (value === undefined) return undefined;
  if (annotationVerdict(value)) return { state: 'ok' };
  return { state: 'fail', at: valueSpan(found), detail: `its seccomp annotation says ${value}`, explicitLevel: level };
}

/** The effective seccomp profile: container field, container annotation, pod field, pod annotation. */
export function seccompOf(container: Container, ctx: LintContext): Seccomp {
  const steps: Array<() => Step> = [
    () => profileStep(container, container.securityContext, 'container', ctx),
    () => (container.name !== undefined ? annotationStep(container, `container.seccomp.security.alpha.kubernetes.io/${container.name}`, 'container', ctx) : undefined),
    () => profileStep(container, container.pod.securityContext, 'pod', ctx),
    () => annotationStep(container, 'seccomp.security.alpha.kubernetes.io/pod', 'pod', ctx),
  ];
  for (const step of steps) {
    const verdict = step();
    if (verdict) return verdict;
  }
  return { state: 'fail', detail: 'no seccompProfile is set on it or its pod' };
}
