/**
 * Dockerfile rules beyond the fixture test (manifestRules.test.ts): the exact text
 * each finding points at, the USER quick fix's exact result, base images resolved
 * from ARG defaults, SR-PARSE for what Docker refuses (and nothing for what it
 * accepts), the pieces (variable expansion, secret names, slim variants), and that
 * no input makes the linter throw.
 */
import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { smallerVariant } from '../../src/manifests/dockerfile/slimVariants';
import { parseImageReference } from '../../src/manifests/dockerfile/imageReference';
import { DOCKERFILE_RULES, lintDockerfile } from '../../src/manifests/dockerfile/lintDockerfile';
import { looksLikeSecretName } from '../../src/manifests/dockerfile/secretNames';
import { expandVariables } from '../../src/manifests/dockerfile/variables';
import { lintManifest } from '../../src/manifests/lint';
import { LineIndex } from '../../src/manifests/lineIndex';
import type { Finding } from '../../src/manifests/model';
import { applyEdits } from '../../src/manifests/textEdits';
import { repoRoot } from './support/paths';

const SEED = 20261129;
const FIXTURES = path.join(repoRoot, 'test/fixtures/manifests/dockerfile');

function lint(text: string): Finding[] {
  return lintDockerfile(text, new LineIndex(text));
}

/** The text a finding's range covers. */
function covered(text: string, finding: Finding): string {
  const lines = new LineIndex(text);
  return text.slice(lines.offset(finding.range.start), lines.offset(finding.range.end));
}

function only(text: string, ruleId: string): Finding[] {
  return lint(text).filter((f) => f.ruleId === ruleId);
}

function one(text: string, ruleId: string): Finding {
  const found = only(text, ruleId);
  assert.equal(found.length, 1, `expected one ${ruleId}, got ${JSON.stringify(found.map((f) => f.message))}`);
  return found[0]!;
}

function fixed(text: string): string {
  const finding = one(text, 'SR-DOCKER-001');
  assert.ok(finding.fix, 'SR-DOCKER-001 offers a fix');
  const result = applyEdits(text, finding.fix.edits);
  assert.deepEqual(only(result, 'SR-DOCKER-001'), [], `the fix makes the rule pass:\n${result}`);
  assert.deepEqual(only(result, 'SR-PARSE'), [], `the fixed file parses:\n${result}`);
  return result;
}

describe('Dockerfile rules', () => {
  describe('documentation', () => {
    it('has the six rules with their severities and fixability, documented with peers and notes', () => {
      assert.deepEqual(
        DOCKERFILE_RULES.map((r) => [r.id, r.severity, r.fixable]),
        [
          ['SR-DOCKER-001', 'warning', true],
          ['SR-DOCKER-002', 'warning', false],
          ['SR-DOCKER-003', 'info', false],
          ['SR-DOCKER-004', 'warning', false],
          ['SR-DOCKER-005', 'error', false],
          ['SR-DOCKER-006', 'info', false],
        ],
      );
      for (const rule of DOCKERFILE_RULES) {
        assert.equal(rule.kind, 'dockerfile');
        assert.ok(rule.peers.length > 0, `${rule.id} names its peers`);
        assert.ok(rule.notes && rule.notes.length > 100, `${rule.id} documents where peers differ`);
        assert.match(rule.remediation, /```dockerfile\n/, `${rule.id} shows a Dockerfile example`);
      }
    });
  });

  describe('ranges point at the exact argument', () => {
    it('SR-DOCKER-001: the root user, or the final FROM keyword when USER is missing', () => {
      assert.equal(covered('FROM alpine:3\nUSER root\n', one('FROM alpine:3\nUSER root\n', 'SR-DOCKER-001')), 'root');
      const grouped = 'FROM alpine:3\nuser   0:0  \n';
      assert.equal(covered(grouped, one(grouped, 'SR-DOCKER-001')), '0:0');
      const multi = 'FROM golang:1.22 AS build\nUSER 1000\n\n  from   gcr.io/distroless/static:nonroot\nCOPY --from=build /app /app\n';
      const missing = one(multi, 'SR-DOCKER-001');
      assert.equal(covered(multi, missing), 'from');
      assert.deepEqual(missing.range.start, { line: 3, character: 2 });
    });

    it('SR-DOCKER-002: the image reference, after --platform, or the variable it comes from', () => {
      const text = 'FROM --platform=$BUILDPLATFORM golang AS build\nARG X\nFROM python:latest\n';
      assert.deepEqual(only(text, 'SR-DOCKER-002').map((f) => covered(text, f)), ['golang', 'python:latest']);
      const viaArg = 'ARG BASE_IMAGE=node\nFROM ${BASE_IMAGE}\nUSER node\n';
      assert.equal(covered(viaArg, one(viaArg, 'SR-DOCKER-002')), '${BASE_IMAGE}');
    });

    it('SR-DOCKER-003: the base image at the start of the final stage chain', () => {
      const text = 'FROM node:20 AS base\nRUN npm ci\nFROM base\nUSER node\n';
      const finding = one(text, 'SR-DOCKER-003');
      assert.equal(covered(text, finding), 'node:20');
      assert.match(finding.message, /node:20-slim/);
    });

    it('SR-DOCKER-004: the URL (inside the quotes in JSON form)', () => {
      const text = 'FROM alpine:3\nADD --chown=1:1 https://example.com/a.tgz /a\nADD ["https://example.com/b.tgz", "/b"]\n';
      assert.deepEqual(only(text, 'SR-DOCKER-004').map((f) => covered(text, f)), ['https://example.com/a.tgz', 'https://example.com/b.tgz']);
    });

    it('SR-DOCKER-005: the variable name', () => {
      const text = 'FROM alpine:3\nENV A=1 \\\n    DB_PASSWORD="x y"\nENV API_TOKEN legacy form\nARG SECRET_KEY_BASE=abc\n';
      assert.deepEqual(only(text, 'SR-DOCKER-005').map((f) => covered(text, f)), ['DB_PASSWORD', 'API_TOKEN', 'SECRET_KEY_BASE']);
    });

    it('SR-DOCKER-006: the final FROM keyword', () => {
      const text = 'FROM alpine:3 AS a\nHEALTHCHECK NONE\nfrom alpine:3\nUSER 1\n';
      const finding = one(text, 'SR-DOCKER-006');
      assert.equal(covered(text, finding), 'from');
      assert.equal(finding.range.start.line, 2);
    });

    it('positions count UTF-16 code units and a byte order mark, like the editor', () => {
      const text = '\uFEFFFROM alpine:3\nENV GREETING="héllo 😀" DB_PASSWORD=x\n';
      assert.equal(covered(text, one(text, 'SR-DOCKER-005')), 'DB_PASSWORD');
      assert.equal(covered(text, one(text, 'SR-DOCKER-001')), 'FROM');
    });
  });

  describe('the USER quick fix', () => {
    it('adds USER 10001 before CMD, above the comments that introduce it', () => {
      const text = 'FROM python:3.12-slim\nRUN pip install app\n\n# Start the server.\nCMD ["app"]\n';
      assert.equal(fixed(text), 'FROM python:3.12-slim\nRUN pip install app\n\nUSER 10001\n# Start the server.\nCMD ["app"]\n');
    });

    it('adds it before ENTRYPOINT of the final stage only', () => {
      const text = 'FROM golang:1.22 AS build\nRUN go build\nCMD ["x"]\nFROM scratch\nCOPY --from=build /app /app\nENTRYPOINT ["/app"]\n';
      assert.equal(fixed(text), 'FROM golang:1.22 AS build\nRUN go build\nCMD ["x"]\nFROM scratch\nCOPY --from=build /app /app\nUSER 10001\nENTRYPOINT ["/app"]\n');
    });

    it('replaces a last USER root when nothing after it needs root', () => {
      assert.equal(fixed('FROM alpine:3\nRUN apk add curl\nUSER root\nCMD ["sh"]\n'), 'FROM alpine:3\nRUN apk add curl\nUSER 10001\nCMD ["sh"]\n');
      assert.equal(fixed('FROM alpine:3\nUSER root:root\n'), 'FROM alpine:3\nUSER 10001\n');
    });

    it('keeps a USER root that RUN steps need, and adds a user after them', () => {
      const text = 'FROM debian:12-slim\nUSER root\nRUN apt-get update \\\n && apt-get install -y curl\nCMD ["curl"]\nEXPOSE 80\n';
      assert.equal(fixed(text), 'FROM debian:12-slim\nUSER root\nRUN apt-get update \\\n && apt-get install -y curl\nUSER 10001\nCMD ["curl"]\nEXPOSE 80\n');
    });

    it('appends after the last instruction when there is no CMD or ENTRYPOINT', () => {
      assert.equal(fixed('FROM alpine:3\nRUN echo\n# trailing comment\n'), 'FROM alpine:3\nRUN echo\nUSER 10001\n# trailing comment\n');
      assert.equal(fixed('FROM alpine:3\nRUN echo'), 'FROM alpine:3\nRUN echo\nUSER 10001');
      assert.equal(fixed('FROM alpine:3\nRUN <<EOF\necho\nEOF\n'), 'FROM alpine:3\nRUN <<EOF\necho\nEOF\nUSER 10001\n');
      assert.equal(fixed('FROM scratch'), 'FROM scratch\nUSER 10001');
    });

    it('keeps CRLF line breaks', () => {
      assert.equal(fixed('FROM alpine:3\r\nRUN apk add curl\r\nCMD ["sh"]\r\n'), 'FROM alpine:3\r\nRUN apk add curl\r\nUSER 10001\r\nCMD ["sh"]\r\n');
      assert.equal(fixed('FROM alpine:3\r\nRUN apk add curl\r\n'), 'FROM alpine:3\r\nRUN apk add curl\r\nUSER 10001\r\n');
    });

    it('uses ContainerUser on Windows images', () => {
      assert.equal(
        fixed('# escape=`\nFROM mcr.microsoft.com/windows/nanoserver:ltsc2022\nCOPY app.exe C:/app/\nCMD ["C:/app/app.exe"]\n'),
        '# escape=`\nFROM mcr.microsoft.com/windows/nanoserver:ltsc2022\nCOPY app.exe C:/app/\nUSER ContainerUser\nCMD ["C:/app/app.exe"]\n',
      );
      assert.equal(fixed('FROM mcr.microsoft.com/windows/servercore:ltsc2022\nUSER ContainerAdministrator\n'), 'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nUSER ContainerUser\n');
    });

    it('offers no fix where the new line would be swallowed (continuation or here-document left open)', () => {
      for (const text of ['FROM alpine:3\nRUN echo \\', 'FROM alpine:3\nRUN echo \\\n', 'FROM alpine:3\nRUN <<EOF\necho\n', '# escape=`\nFROM alpine:3\nRUN echo `\n']) {
        const finding = one(text, 'SR-DOCKER-001');
        assert.equal(finding.fix, undefined, JSON.stringify(text));
      }
    });
  });

  describe('which stage and user count', () => {
    it('passes a final FROM <stage> whose stage set a non-root USER, through several stages', () => {
      assert.deepEqual(only('FROM node:20-slim AS base\nUSER node\nFROM base AS deps\nRUN npm ci\nFROM deps\nCMD ["node"]\n', 'SR-DOCKER-001'), []);
    });

    it('reports a USER only in an earlier stage that the final stage does not build on', () => {
      const finding = one('FROM node:20-slim AS build\nUSER node\nFROM node:20-slim\nCMD ["node"]\n', 'SR-DOCKER-001');
      assert.match(finding.message, /sets no USER/);
    });

    it('reports a root USER inherited from the stage the final stage builds on', () => {
      const finding = one('FROM alpine:3 AS base\nUSER root\nFROM base\nCMD ["sh"]\n', 'SR-DOCKER-001');
      assert.match(finding.message, /inherits USER root from stage "base"/);
    });

    it('reports FROM scratch without USER, saying to use a numeric uid', () => {
      assert.match(one('FROM scratch\nCOPY app /app\n', 'SR-DOCKER-001').message, /scratch.*numeric uid/);
    });

    it('resolves USER from ARG defaults and ENV, and trusts values only known at build time', () => {
      assert.equal(only('FROM alpine:3\nARG UID=0\nUSER ${UID}:${UID}\n', 'SR-DOCKER-001').length, 1);
      assert.equal(only('FROM alpine:3\nENV APP_USER=root\nUSER $APP_USER\n', 'SR-DOCKER-001').length, 1);
      assert.deepEqual(only('FROM alpine:3\nARG UID\nUSER ${UID}\n', 'SR-DOCKER-001'), []);
      assert.deepEqual(only('ARG UID=1000\nFROM alpine:3\nARG UID\nUSER ${UID}\n', 'SR-DOCKER-001'), []);
      assert.equal(only('ARG UID=0\nFROM alpine:3\nARG UID\nUSER ${UID}\n', 'SR-DOCKER-001').length, 1);
    });

    it('reads quoted words as Docker does (quotes group, they are not part of the value)', () => {
      assert.equal(only('FROM alpine:3\nUSER "root"\n', 'SR-DOCKER-001').length, 1);
      assert.equal(only("FROM alpine:3\nADD 'https://example.com/a.tgz' /a\n", 'SR-DOCKER-004').length, 1);
      assert.equal(only('FROM "python"\n', 'SR-DOCKER-002').length, 1);
    });

    it('ignores USER inside here-documents and ONBUILD triggers', () => {
      assert.equal(only('FROM alpine:3\nUSER 1000\nONBUILD USER root\n', 'SR-DOCKER-001').length, 0);
      assert.equal(only('FROM alpine:3\nCOPY <<EOF /x\nUSER 1000\nEOF\n', 'SR-DOCKER-001').length, 1);
    });

    it('inherits HEALTHCHECK through FROM <stage> only', () => {
      assert.deepEqual(only('FROM alpine:3 AS a\nHEALTHCHECK CMD true\nFROM a\n', 'SR-DOCKER-006'), []);
      assert.equal(only('FROM alpine:3 AS a\nHEALTHCHECK CMD true\nFROM alpine:3\n', 'SR-DOCKER-006').length, 1);
    });
  });

  describe('base images from ARG variables', () => {
    it('resolves defaults declared before the first FROM, including ARGs built from ARGs and operators', () => {
      const nested = 'ARG REGISTRY=docker.io\nARG BASE=${REGISTRY}/library/python:3.12\nFROM ${BASE}\nUSER 1\n';
      assert.match(one(nested, 'SR-DOCKER-003').message, /docker\.io\/library\/python:3\.12-slim/);
      assert.equal(only('ARG TAG\nFROM python:${TAG:-latest}\n', 'SR-DOCKER-002').length, 0, 'TAG is declared without default: its value is unknown');
      assert.equal(only('FROM python:${TAG:-latest}\n', 'SR-DOCKER-002').length, 1, 'an undeclared variable is unset: the default applies');
      assert.equal(only('ARG V=3.12\nFROM python:${V:+latest}\n', 'SR-DOCKER-002').length, 1);
      assert.equal(only('ARG IMAGE=alpine\nFROM $IMAGE\n', 'SR-DOCKER-002').length, 1);
    });

    it('does not report images known only at build time', () => {
      for (const text of ['ARG BASE\nFROM ${BASE}\n', 'FROM ${BASE}\n', 'FROM alpine-${TARGETARCH}\n', 'ARG BASE=${OTHER}\nFROM $BASE\n', 'ARG B=x\nFROM ${B#x}\n']) {
        assert.deepEqual(only(text, 'SR-DOCKER-002'), [], text);
      }
    });

    it('uses only global ARGs for FROM (an ARG inside a stage does not reach the next FROM)', () => {
      assert.deepEqual(only('FROM alpine:3 AS a\nARG IMG=python:latest\nFROM ${IMG}\n', 'SR-DOCKER-002'), []);
    });

    it('treats a variable that names an earlier stage as that stage', () => {
      const text = 'ARG STAGE=build\nFROM golang:1.22 AS build\nUSER 1000\nFROM ${STAGE}\n';
      assert.deepEqual(only(text, 'SR-DOCKER-002'), []);
      assert.deepEqual(only(text, 'SR-DOCKER-001'), []);
    });

    it('resolves ADD sources from stage ARG and ENV values', () => {
      const text = 'FROM alpine:3\nENV BASE_URL=https://example.com\nARG FILE=tool.tgz\nADD ${BASE_URL}/${FILE} /tmp/\nADD ${UNKNOWN} /tmp/\n';
      assert.match(one(text, 'SR-DOCKER-004').message, /https:\/\/example\.com\/tool\.tgz/);
    });
  });

  describe('SR-PARSE', () => {
    const parseErrors = (text: string): Array<[string, string]> => only(text, 'SR-PARSE').map((f) => [covered(text, f), f.message]);

    it('reports an unknown instruction at its keyword, with a suggestion, and still checks the rest', () => {
      const text = 'FROM alpine:3\nRUNN apk add curl\nUSER root\n';
      const errors = parseErrors(text);
      assert.equal(errors.length, 1);
      assert.equal(errors[0]![0], 'RUNN');
      assert.match(errors[0]![1], /Unknown instruction RUNN \(did you mean RUN\?\)/);
      assert.equal(one(text, 'SR-PARSE').severity, 'error');
      assert.equal(only(text, 'SR-DOCKER-001').length, 1, 'the rules still run');
    });

    it('reports what Docker refuses', () => {
      const cases: Array<[string, string, RegExp]> = [
        ['RUN echo\nFROM alpine:3\n', 'RUN', /before the first FROM/],
        ['ARG A=1\n', 'ARG', /No FROM instruction/],
        ['FROM\n', 'FROM', /FROM needs a base image/],
        ['FROM alpine:3 AS\n', 'alpine:3 AS', /FROM takes one image/],
        ['FROM alpine:3 AS 2nd\n', '2nd', /Invalid build stage name/],
        ['FROM alpine:3\nENV DEBUG\n', 'DEBUG', /ENV DEBUG has no value/],
        ['FROM alpine:3\nENV A=1 B\n', 'B', /ENV takes NAME=value pairs, and "B" is not one/],
        ['FROM alpine:3\nENV A=1 # not a comment\n', '#', /# starts a comment only at the start of a line/],
        ['FROM alpine:3\nLABEL =x\n', '=x', /LABEL names cannot be blank/],
        ['FROM alpine:3\nCOPY app\n', 'app', /COPY needs a source and a destination/],
        ['FROM alpine:3\nADD ["a"]\n', '["a"]', /ADD needs a source and a destination/],
        ['FROM alpine:3\nUSER\n', 'USER', /USER needs an argument/],
        ['FROM alpine:3\nRUN <<EOF\necho\n', '<<EOF', /Unterminated here-document/],
        ['FROM alpine:3\nHEALTHCHECK --interval=5s curl\n', 'curl', /Unknown HEALTHCHECK type/],
        ['FROM alpine:3\nHEALTHCHECK NONE now\n', 'now', /takes no arguments/],
        ['FROM alpine:3\nHEALTHCHECK CMD\n', 'CMD', /needs a command/],
        ['FROM alpine:3\nONBUILD FROM x\n', 'FROM', /not allowed as an ONBUILD trigger/],
        ['# escape=x\nFROM alpine:3\n', 'x', /escape directive/],
      ];
      for (const [text, expectedText, expectedMessage] of cases) {
        const errors = parseErrors(text);
        assert.equal(errors.length, 1, `${JSON.stringify(text)}: ${JSON.stringify(errors)}`);
        assert.equal(errors[0]![0], expectedText, JSON.stringify(text));
        assert.match(errors[0]![1], expectedMessage, JSON.stringify(text));
      }
    });

    it('accepts what Docker accepts', () => {
      const valid = [
        'from alpine:3\nuser 1000\nhealthcheck none\n',
        '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN dir `\n  C:\\\n',
        '# syntax=docker/dockerfile:1\nFROM alpine:3\nRUN <<EOF\necho hi\nEOF',
        'FROM alpine:3\nRUN <<-EOT sh\n\techo hi\n\tEOT\nCOPY <<A <<B /dst/\na\nA\nb\nB\n',
        'FROM alpine:3\nRUN echo \\\n\n  hi\n',
        'FROM alpine:3\nRUN echo \\',
        'FROM alpine:3\nMAINTAINER someone\nENV LEGACY value with spaces\nARG A=1 B C=3\nENV EMPTY=\n',
        'ARG BASE=alpine:3\nFROM ${BASE} AS one\nFROM one\nONBUILD RUN echo\nSTOPSIGNAL SIGTERM\nSHELL ["/bin/sh", "-c"]\n',
        'FROM --platform=linux/amd64 alpine:3 AS Build.Stage_1-x\n',
        'FROM alpine:3\r\nRUN echo\r\n',
      ];
      for (const text of valid) assert.deepEqual(parseErrors(text), [], JSON.stringify(text));
    });

    it('says nothing about empty and comment-only files', () => {
      for (const text of ['', '\n\n', '# just a comment\n# another\n', '# escape=`\n', '\uFEFF']) assert.deepEqual(lint(text), [], JSON.stringify(text));
    });
  });

  describe('pieces', () => {
    it('expands variables as Docker does', () => {
      const scope = new Map<string, string | undefined>([
        ['A', 'a'],
        ['EMPTY', ''],
        ['UNKNOWN', undefined],
      ]);
      const cases: Array<[string, string | undefined]> = [
        ['$A-${A}', 'a-a'],
        ['${EMPTY:-x}${EMPTY-y}', 'x'],
        ['${A:+set}${NOPE:+set}', 'set'],
        ['${NOPE:-${A}b}', 'ab'],
        ['\\$A', '$A'],
        ['$', '$'],
        ['${UNKNOWN}', undefined],
        ['${UNKNOWN:-x}', undefined],
        ['${NOPE}', undefined],
        ['${A#a}', undefined],
        ['${A', undefined],
        ['${TARGETARCH:-amd64}', undefined],
      ];
      for (const [input, expected] of cases) assert.equal(expandVariables(input, scope), expected, input);
    });

    it('parses image references', () => {
      assert.deepEqual(parseImageReference('registry.example.com:5000/team/app'), { name: 'registry.example.com:5000/team/app', tag: null, digest: null, officialName: null });
      assert.deepEqual(parseImageReference('docker.io/library/python:3.12@sha256:ab'), { name: 'docker.io/library/python', tag: '3.12', digest: 'sha256:ab', officialName: 'python' });
      assert.equal(parseImageReference('public.ecr.aws/docker/library/node:20').officialName, 'node');
      assert.equal(parseImageReference('ghcr.io/example/python:3.12').officialName, null);
    });

    it('matches secret names by words', () => {
      for (const name of ['DB_PASSWORD', 'dbPassword', 'AWS_SECRET_ACCESS_KEY', 'apiKey', 'OPENAI_API_KEY', 'GITHUB_TOKEN', 'SECRET_KEY_BASE', 'MYSQL_PWD', 'DB_PASS', 'client-secret', 'SSH_PRIVATE_KEY', 'CREDENTIALS']) {
        assert.ok(looksLikeSecretName(name), name);
      }
      for (const name of ['PWD', 'GPG_KEY', 'TOKENIZERS_PARALLELISM', 'USERNAME', 'PASSWORD_FILE', 'TOKEN_URL', 'AWS_ACCESS_KEY_ID', 'SECRET_NAME', 'BYPASS_CACHE', 'KEYCLOAK_URL', 'PASSENGER_APP_ENV', 'PATH']) {
        assert.ok(!looksLikeSecretName(name), name);
      }
    });

    it('knows the slim variants of official images', () => {
      const cases: Array<[string, string | undefined]> = [
        ['python:3.12', 'python:3.12-slim'],
        ['python:3.12-bookworm', 'python:3.12-slim-bookworm'],
        ['python', 'python:slim'],
        ['node:20-bookworm', 'node:20-bookworm-slim'],
        ['ruby:3.3-bullseye', 'ruby:3.3-slim-bullseye'],
        ['perl:5.38-threaded-bookworm', 'perl:5.38-slim-threaded-bookworm'],
        ['debian:bookworm', 'debian:bookworm-slim'],
        ['debian', 'debian:stable-slim'],
        ['eclipse-temurin:21-jdk-jammy', 'eclipse-temurin:21-jre-jammy'],
        ['eclipse-temurin:17', 'eclipse-temurin:17-jre'],
        ['openjdk:17-jdk', 'eclipse-temurin:17-jre'],
        ['library/rust:1.79', 'library/rust:1.79-slim'],
        ['python:3.12-slim', undefined],
        ['node:20-alpine', undefined],
        ['eclipse-temurin:21-jre', undefined],
        ['debian:bookworm-backports', undefined],
        ['ubuntu:24.04', undefined],
        ['ghcr.io/example/python:3.12', undefined],
      ];
      for (const [image, expected] of cases) assert.equal(smallerVariant(parseImageReference(image))?.suggestion, expected, image);
      assert.match(smallerVariant(parseImageReference('golang:1.22-alpine'))!.suggestion, /distroless/);
    });
  });

  describe('through the shared entry point', () => {
    it('honours suppression comments and recognises Dockerfile names', async () => {
      const text = '# security-runbooks-ignore: SR-DOCKER-006\nFROM alpine:3\n';
      const { kind, findings } = await lintManifest({ path: 'services/api/Dockerfile.prod', text });
      assert.equal(kind, 'dockerfile');
      assert.deepEqual(findings.map((f) => f.ruleId), ['SR-DOCKER-001']);
    });
  });

  describe('robustness', () => {
    const nasty = [
      '',
      '# only comments\n',
      'FROM',
      'FROM \\',
      'FROM ${',
      'FROM $',
      'FROM @',
      'FROM :',
      'FROM a AS',
      'USER root',
      'ARG',
      'ARG =',
      'ENV ==',
      'ADD',
      'ADD --checksum=',
      'ADD [',
      'ADD ["',
      'HEALTHCHECK --',
      'ONBUILD',
      'RUN <<',
      'RUN <<"',
      'RUN <<-',
      'COPY <<EOF',
      '\r\r\r',
      '\\\n\\\n',
      '# escape=`\n`\n`',
      '\u0000\u0001\u0002FROM\u0000alpine',
      '\uFEFF\uFEFFFROM alpine',
      '\uD800FROM \uDFFF',
      'FROM alpine\n' + 'USER ${A:-${B:-${C:-'.repeat(50),
      Array.from({ length: 2000 }, (_, i) => String.fromCharCode((i * 7919) % 0xffff)).join(''),
    ];

    it('never throws, and every finding points at text', () => {
      for (const text of nasty) {
        let findings: Finding[] = [];
        assert.doesNotThrow(() => (findings = lint(text)), JSON.stringify(text.slice(0, 80)));
        for (const f of findings) assert.ok(f.range.end.line > f.range.start.line || f.range.end.character > f.range.start.character, `${f.ruleId} in ${JSON.stringify(text.slice(0, 80))}`);
      }
    });

    it('survives random mutations of the fixtures; every offered fix fixes without a new syntax error', () => {
      const fixtures = readdirSync(FIXTURES).flatMap((rule) => readdirSync(path.join(FIXTURES, rule)).map((name) => readFileSync(path.join(FIXTURES, rule, name), 'utf8')));
      const pieces = ['\\', '`', '$', '${', '}', '<<EOF', '<<-', 'EOF', '#', '\r\n', '\r', '\n', '"', '[', ']', '=', ':', '@', 'FROM ', 'USER root', ' AS ', 'ARG X=${Y:-z}', '--platform=', 'https://', 'HEALTHCHECK', 'ONBUILD ', 'scratch', '\uFEFF', '\u0000', '😀', '# escape=`\n', 'ADD ', 'COPY ', 'RUN '];
      const edit = fc.record({ at: fc.nat(), remove: fc.nat({ max: 20 }), insert: fc.oneof(fc.constantFrom(...pieces), fc.string({ maxLength: 8 })) });
      fc.assert(
        fc.property(fc.nat({ max: fixtures.length - 1 }), fc.array(edit, { minLength: 1, maxLength: 4 }), (which, edits) => {
          let text = fixtures[which]!;
          for (const e of edits) {
            const at = e.at % (text.length + 1);
            text = text.slice(0, at) + e.insert + text.slice(at + e.remove);
          }
          const findings = lint(text);
          for (const f of findings) {
            assert.ok(f.range.end.line > f.range.start.line || f.range.end.character > f.range.start.character);
            if (!f.fix) continue;
            const after = lint(applyEdits(text, f.fix.edits));
            assert.deepEqual(after.filter((g) => g.ruleId === f.ruleId), []);
            assert.ok(after.filter((g) => g.ruleId === 'SR-PARSE').length <= findings.filter((g) => g.ruleId === 'SR-PARSE').length);
          }
        }),
        { numRuns: 1000, seed: SEED },
      );
    });
  });
});
