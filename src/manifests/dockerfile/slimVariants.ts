/**
 * Which official images have a smaller variant for running an application, and
 * its tag: `python:3.12` → `python:3.12-slim`, `eclipse-temurin:21-jdk` →
 * `eclipse-temurin:21-jre`. The tag schemes are the images' own (see rules.ts for
 * the list and the reasons).
 */
import type { ImageReference } from './imageReference';

export interface SmallerVariant {
  /** The suggested image reference, or a description when there is no single one. */
  suggestion: string;
  /** What the full image carries that the smaller one does not. */
  why: string;
}

/** Tags that already are a small (or Windows) variant. */
const ALREADY_SMALL = /slim|alpine|nanoserver|windowsservercore|distroless/i;
const DEBIAN_SUITES = /-(bookworm|bullseye|buster|stretch|trixie|forky|sid)$/;
const UBUNTU_OR_UBI = /-(jammy|focal|noble|ubi\d+-minimal|ubi\d+)$/;

const TOOLCHAIN = 'compilers, headers and build tools';

/** `3.12` → `3.12-slim`, `3.12-bookworm` → `3.12-slim-bookworm`, none/`latest` → `slim`. */
function slimBeforeSuite(tag: string | null): string {
  if (tag === null || tag === 'latest') return 'slim';
  const suite = DEBIAN_SUITES.exec(tag);
  if (!suite) return `${tag}-slim`;
  const version = tag.slice(0, suite.index);
  return version ? `${version}-slim-${suite[1]}` : `slim-${suite[1]}`;
}

/** `20` → `20-slim`, `20-bookworm` → `20-bookworm-slim`, none/`latest` → `slim`. */
function slimAppended(tag: string | null): string {
  return tag === null || tag === 'latest' ? 'slim' : `${tag}-slim`;
}

/** Perl puts `slim` right after the version: `5.38-threaded-bookworm` → `5.38-slim-threaded-bookworm`. */
function slimAfterVersion(tag: string | null): string {
  if (tag === null || tag === 'latest') return 'slim';
  const dash = tag.indexOf('-');
  return dash < 0 ? `${tag}-slim` : `${tag.slice(0, dash)}-slim${tag.slice(dash)}`;
}

/** `21` → `21-jre`, `21-jdk-jammy` → `21-jre-jammy`, `21-jammy` → `21-jre-jammy`. */
function temurinJre(tag: string | null): string | undefined {
  if (tag === null || tag === 'latest') return undefined;
  if (/jdk/.test(tag)) return tag.replace('jdk', 'jre');
  const suite = UBUNTU_OR_UBI.exec(tag) ?? /-(alpine)$/.exec(tag);
  return suite ? `${tag.slice(0, suite.index)}-jre-${suite[1]}` : `${tag}-jre`;
}

export function smallerVariant(reference: ImageReference): SmallerVariant | undefined {
  const image = reference.officialName;
  const tag = reference.tag;
  if (!image || tag === '') return undefined;
  const withTag = (newTag: string): string => `${reference.name}:${newTag}`;
  switch (image) {
    case 'python':
    case 'ruby':
    case 'rust':
      if (tag !== null && ALREADY_SMALL.test(tag)) return undefined;
      return { suggestion: withTag(slimBeforeSuite(tag)), why: TOOLCHAIN };
    case 'perl':
      if (tag !== null && ALREADY_SMALL.test(tag)) return undefined;
      return { suggestion: withTag(slimAfterVersion(tag)), why: TOOLCHAIN };
    case 'node':
      if (tag !== null && ALREADY_SMALL.test(tag)) return undefined;
      return { suggestion: withTag(slimAppended(tag)), why: TOOLCHAIN };
    case 'debian':
      if (tag !== null && (ALREADY_SMALL.test(tag) || /backports|experimental|rc-buggy/.test(tag))) return undefined;
      return { suggestion: withTag(tag === null || tag === 'latest' ? 'stable-slim' : `${tag}-slim`), why: 'documentation, locales and other files a container does not need' };
    case 'eclipse-temurin': {
      if (tag !== null && (/jre/.test(tag) || /nanoserver|windowsservercore/.test(tag))) return undefined;
      const jre = temurinJre(tag);
      return { suggestion: jre ? withTag(jre) : `a JRE tag such as ${reference.name}:21-jre`, why: 'a whole JDK (compiler and development tools)' };
    }
    case 'openjdk': {
      if (tag !== null && (ALREADY_SMALL.test(tag) || /jre/.test(tag))) return undefined;
      const version = tag === null ? undefined : /^(\d+)/.exec(tag)?.[1];
      return {
        suggestion: version ? `eclipse-temurin:${version}-jre` : 'eclipse-temurin:<version>-jre',
        why: 'a whole JDK, and the openjdk image is deprecated and no longer updated',
      };
    }
    case 'golang':
      return { suggestion: 'a multi-stage build that copies the binary into gcr.io/distroless/static or scratch', why: 'the whole Go toolchain' };
    default:
      return undefined;
  }
}
