/**
 * Random runbook Markdown for property tests of the runbook format
 * (parse/serialize must round-trip byte for byte: serialize(parse(text)) === text).
 *
 * `runbookDocumentArbitrary()` assembles documents from pieces: optional BOM,
 * optional front matter (valid YAML, invalid YAML, empty, never closed), markdown
 * pieces (ATX/setext headings, paragraphs with inline code, emphasis and links,
 * unicode, lists and blockquotes that may contain fenced code, GFM tables, HTML
 * comments and <details> blocks, thematic breaks, indented code, link reference
 * definitions) and fenced code blocks (``` or ~~~ of length 3-5, 0-3 spaces of
 * indentation, languages incl. '' / sh / bash / logs-insights, JSON, malformed or
 * non-JSON attributes, content with shorter or foreign fences, closing fences that
 * are longer / indented / followed by whitespace, and an unclosed fence only as the
 * final block), separated by 0-3 blank or whitespace-only lines (rarely many), with
 * line endings chosen per document: LF, CRLF, or mixed (CRLF/LF, occasionally a lone
 * CR), and an optional final newline.
 *
 * Everything is built from fast-check arbitraries only, so a seed reproduces a
 * document exactly. `runbookDocumentModelArbitrary()` exposes the structure the
 * text was rendered from (used by the self-check in ../markdownArbitrary.test.ts).
 * The model does NOT predict the parser's cells: composition can legitimately change
 * what a piece means (an indented fence after a list continues the list item, a fence
 * right after `<details>` without a blank line is part of the HTML block, ...).
 *
 * The hand-written corpus in ../corpus/ complements this generator: one realistic
 * AWS-security runbook fragment per file, each named after the tricky case it
 * covers (CRLF, mixed endings, lone CR, tilde and 4+ backtick fences, indented
 * fences and indented code, info-string variants and malformed attributes,
 * unclosed fences, empty fences, long/whitespace-trailed closing fences, missing
 * final newline, empty and whitespace-only files, front matter edge cases, thematic
 * breaks, HTML comments and blocks, tables, fences nested in lists and
 * blockquotes, unicode and BOM, whitespace and blank lines between cells,
 * adjacent fences, setext headings, reference links, and a long incident-response
 * runbook). There is deliberately no README in that directory: every file in it is
 * a test input. Several files contain bytes that must be preserved exactly (CRLF,
 * lone CR, tabs, trailing spaces, BOM, no final newline); do not let an editor or
 * git normalise them (a `.gitattributes` line `test/unit/corpus/** -text` keeps git
 * from touching them).
 */
import fc from 'fast-check';

// ---------------------------------------------------------------------------
// Model

export type LineEnding = '\n' | '\r\n' | '\r';
export type LineEndingMode = 'lf' | 'crlf' | 'mixed';
export type FenceChar = '`' | '~';
export type AttributeStyle = 'none' | 'json' | 'malformed' | 'text';

export interface FenceInfo {
  /** Spaces between the fence and the info string (`''` or `' '`). */
  readonly leadingSpace: string;
  readonly language: string;
  readonly attributeStyle: AttributeStyle;
  /** The attribute text as written (empty for style `none`). */
  readonly attributes: string;
  /** Whitespace after the info string. */
  readonly trailing: string;
}

export interface ClosingFence {
  readonly indent: number;
  /** How many fence characters more than the opening fence (0 = same length). */
  readonly extraLength: number;
  readonly trailing: string;
}

export interface FencedBlock {
  readonly kind: 'fence';
  readonly char: FenceChar;
  readonly length: number;
  readonly indent: number;
  readonly info: FenceInfo;
  /** Content lines, exactly as written (no line endings); none of them closes the fence. */
  readonly content: readonly string[];
  /** `null` when the fence is never closed (only generated as the final block). */
  readonly closing: ClosingFence | null;
}

export type MarkdownKind =
  | 'atx-heading'
  | 'setext-heading'
  | 'paragraph'
  | 'unicode'
  | 'list'
  | 'blockquote'
  | 'table'
  | 'html-comment'
  | 'html-block'
  | 'thematic-break'
  | 'indented-code'
  | 'link-definitions';

export interface MarkdownBlock {
  readonly kind: MarkdownKind;
  readonly lines: readonly string[];
}

export type Block = FencedBlock | MarkdownBlock;

export type FrontMatterKind = 'valid' | 'invalid' | 'empty' | 'unclosed';

export interface FrontMatter {
  readonly kind: FrontMatterKind;
  readonly lines: readonly string[];
}

export interface BlockEntry {
  /** Blank or whitespace-only lines written before the block. */
  readonly before: readonly string[];
  readonly block: Block;
}

export interface FenceEntry extends BlockEntry {
  readonly block: FencedBlock;
}

export interface LineEndings {
  readonly mode: LineEndingMode;
  /** Endings used for line 0, 1, 2, ... cycling through the list. */
  readonly cycle: readonly LineEnding[];
}

export interface RunbookDocumentModel {
  readonly bom: boolean;
  readonly frontMatter: FrontMatter | null;
  readonly entries: readonly BlockEntry[];
  /** A final fence without closing line, if any. Always the last block. */
  readonly unclosedFence: FenceEntry | null;
  readonly trailing: readonly string[];
  readonly lineEndings: LineEndings;
  readonly finalNewline: boolean;
}

export const BOM = '\uFEFF';

export const FENCE_LANGUAGES: readonly string[] = [
  '',
  'sh',
  'bash',
  'logs-insights',
  'cloudtrail',
  'securityhub',
  'log-retention',
  'python',
  'yaml',
  'json',
  'dockerfile',
  'text',
];

// ---------------------------------------------------------------------------
// Vocabulary (AWS security flavoured; commands from the CIS / incident response source)

const SHELL_LINES: readonly string[] = [
  'aws guardduty create-detector --enable',
  'aws guardduty list-detectors',
  'aws securityhub enable-security-hub',
  'aws cloudtrail create-trail \\',
  '  --name titanic-api-trail \\',
  '  --s3-bucket-name titanic-api-cloudtrail',
  'aws configservice put-configuration-recorder \\',
  '  --configuration-recorder name=default,roleARN=arn:aws:iam::ACCOUNT:role/config-role',
  'aws ec2 create-flow-logs --resource-type VPC --resource-ids vpc-xxx --traffic-type ALL',
  'aws ec2 modify-instance-attribute --instance-id i-xxx --groups sg-isolated',
  'aws iam update-access-key --access-key-id AKIA... --status Inactive',
  'aws cloudtrail lookup-events --lookup-attributes AttributeKey=Username,AttributeValue=compromised-user',
  'aws logs put-retention-policy --log-group-name /aws/eks/prod-eks/cluster --retention-in-days 90',
  "aws logs start-query --query-string 'fields @timestamp, @message | filter @message like /Forbidden/'",
  'aws secretsmanager rotate-secret --secret-id prod/titanic/database',
  'git secrets --install',
  'git secrets --register-aws',
  'trivy image ghcr.io/username/titanic-api:latest',
  '# Enable GuardDuty',
  'echo "$instance_id" | tee -a /tmp/incident.log',
  'fields @timestamp, @message',
  '| filter @message like /Forbidden/',
  '| stats count(*) by srcAddr',
  'AttributeKey=Username,AttributeValue=compromised-user',
  '{"ComplianceStatus":[{"Value":"FAILED","Comparison":"EQUALS"}]}',
  '/aws/vpc/flowlogs',
  'apiVersion: v1',
  '---',
  'kind: Namespace',
  'import boto3',
];

const WORDS: readonly string[] = [
  'Enable', 'CloudTrail', 'in', 'all', 'regions', 'GuardDuty', 'Security', 'Hub', 'rotate',
  'the', 'access', 'key', 'findings', 'isolate', 'instance', 'MFA', 'root', 'account',
  'VPC', 'flow', 'logs', 'retention', 'least', 'privilege', 'S3', 'Block', 'Public', 'Access',
  'then', 'run', 'check', 'before', 'containment', 'evidence',
];

const UNICODE_SNIPPETS: readonly string[] = [
  '🚨', '🔐', '✅', '👩🏽‍💻', '🏳️‍🌈', '1️⃣', '日本語', '事件响应', '보안 허브', 'Привет',
  'עברית', 'استجابة للحوادث', '\u200Fמימין לשמאל\u200F', 'e\u0301', 'n\u0303', 'Z\u0324\u0354\u0367\u0311',
  'a\u200Bb', 'non\u00A0breaking', '𝔘𝔫𝔦𝔠𝔬𝔡𝔢', '𠜎', 'José', 'Zoë', 'Øster',
];

const LINK_URLS: readonly string[] = [
  'https://docs.aws.amazon.com/guardduty/latest/ug/what-is-guardduty.html',
  'https://www.cisecurity.org/benchmark/amazon_web_services',
  '#containment',
  '<https://docs.aws.amazon.com/securityhub/>',
];

const CELL_NAMES: readonly string[] = [
  'enable-guardduty', 'enable-security-hub', 'create-trail', 'isolate-instance', 'revoke-access-key',
  'failed-auth', 'user-activity', 'failed-findings', 'keep-evidence', 'rotate-db-secret', '通知-🔔',
];

const CONTROLS: readonly string[] = ['GuardDuty.1', 'CloudTrail.1', 'Config.1', 'S3.1', 'IAM.7', 'EC2.6', 'SecurityHub.1'];

const MALFORMED_ATTRIBUTES: readonly string[] = [
  '{"name":',
  '{name: enable-guardduty, risk: mutating}',
  '{"name":"isolate","risk":"mutating",}',
  '{"name":"revoke-key"} extra words',
  '["name","risk"]',
  '{"controls":["GuardDuty.1"',
  '{',
  '}',
  '{"risk":"mutating"}}',
  "{'name':'single-quoted'}",
];

const TEXT_ATTRIBUTES: readonly string[] = [
  'title="x"',
  'title="get_secret.py"',
  'linenums="1"',
  '{.bash .numberLines}',
  'name=enable-guardduty',
  'hl_lines="2 3"',
  ':k8s/namespace.yaml',
];

const INVALID_YAML_LINES: readonly (readonly string[])[] = [
  ['title: [unclosed flow sequence'],
  ['kind: incident', '  targets: : :'],
  ['parameters:', '\t- name: tab-indented'],
  ['title: "unterminated'],
  ['- just', 'key: after a sequence'],
  ['title: ok', 'title: duplicate key'],
  ['{ this is: not, closed'],
  ['key: value', '   badly: indented', 'other: x'],
];

// ---------------------------------------------------------------------------
// Small helpers

function weighted<T>(...choices: readonly (readonly [number, fc.Arbitrary<T>])[]): fc.Arbitrary<T> {
  return fc.oneof(...choices.map(([weight, arbitrary]) => ({ weight, arbitrary })));
}

/** `arbitrary` about `present` times in `present + absent`, otherwise `null`. */
function sometimes<T>(arbitrary: fc.Arbitrary<T>, present: number, absent: number): fc.Arbitrary<T | null> {
  return weighted<T | null>([absent, fc.constant(null)], [present, arbitrary]);
}

const spaces = (n: number): string => ' '.repeat(n);

/** Does `line` close a fence opened with `length` times `char` (CommonMark rules)? */
export function closesFence(line: string, char: FenceChar, length: number): boolean {
  const match = /^ {0,3}([`~]+)[ \t]*$/.exec(line);
  if (match === null) return false;
  const run = match[1] ?? '';
  return run.length >= length && [...run].every((c) => c === char);
}

// ---------------------------------------------------------------------------
// Text building blocks

/** Printable unicode text without line-ending characters. */
export function unicodeTextArbitrary(): fc.Arbitrary<string> {
  return weighted(
    [3, fc.constantFrom(...UNICODE_SNIPPETS)],
    [1, fc.string({ unit: 'grapheme', minLength: 1, maxLength: 6 }).map((s) => s.replace(/[\r\n]/g, ' '))],
  );
}

/** One inline element: a word, inline code, emphasis, a link, unicode... */
export function inlineAtomArbitrary(): fc.Arbitrary<string> {
  const word = fc.constantFrom(...WORDS);
  return weighted(
    [6, word],
    [2, fc.constantFrom(...SHELL_LINES).map((s) => '`' + s.trim() + '`')],
    [1, word.map((w) => '*' + w + '*')],
    [1, word.map((w) => '**' + w + '**')],
    [1, fc.tuple(word, fc.constantFrom(...LINK_URLS)).map(([w, url]) => `[${w}](${url})`)],
    [1, word.map((w) => `[${w}][cis]`)],
    [1, unicodeTextArbitrary()],
    [1, fc.constantFrom('\\*', '&amp;', '<br>', '``double `tick` code``', '~~struck~~', '<kbd>Ctrl</kbd>')],
  );
}

export function inlineLineArbitrary(): fc.Arbitrary<string> {
  return fc.array(inlineAtomArbitrary(), { minLength: 1, maxLength: 8 }).map((atoms) => atoms.join(' '));
}

/** Trailing whitespace for a markdown line (usually none). */
function trailingSpaceArbitrary(): fc.Arbitrary<string> {
  return weighted([8, fc.constant('')], [1, fc.constantFrom(' ', '  ', '\t', ' \t ')]);
}

function textLinesArbitrary(maxLength: number): fc.Arbitrary<string[]> {
  return fc.array(
    fc.tuple(inlineLineArbitrary(), trailingSpaceArbitrary()).map(([line, tail]) => line + tail),
    { minLength: 1, maxLength },
  );
}

// ---------------------------------------------------------------------------
// Fenced code blocks

export function fenceInfoArbitrary(char: FenceChar): fc.Arbitrary<FenceInfo> {
  const json = fc
    .record(
      {
        name: fc.constantFrom(...CELL_NAMES),
        risk: fc.constantFrom('read', 'mutating', 'destructive'),
        controls: fc.subarray([...CONTROLS], { minLength: 1 }),
        timeout: fc.integer({ min: 1, max: 3600 }),
        region: fc.constantFrom('eu-west-1', 'us-east-1'),
        excludeFromRunAll: fc.boolean(),
        logGroups: fc.subarray(['/aws/vpc/flowlogs', '/aws/eks/prod-eks/cluster'], { minLength: 1 }),
      },
      { requiredKeys: [] },
    )
    .map((attrs) => JSON.stringify(attrs));
  // `{ "name": "x", "risk": "read" }` style spacing; values never contain `":` or `,"`.
  const spacedJson = json.map((text) =>
    text.replace(/":/g, '": ').replace(/,"/g, ', "').replace(/^\{/, '{ ').replace(/\}$/, ' }'),
  );
  const attributes = weighted<{ style: AttributeStyle; text: string }>(
    [3, fc.constant({ style: 'none' as const, text: '' })],
    [3, json.map((text) => ({ style: 'json' as const, text }))],
    [1, spacedJson.map((text) => ({ style: 'json' as const, text }))],
    [1, fc.constantFrom(...MALFORMED_ATTRIBUTES).map((text) => ({ style: 'malformed' as const, text }))],
    [1, fc.constantFrom(...TEXT_ATTRIBUTES).map((text) => ({ style: 'text' as const, text }))],
  );
  return fc
    .record({
      leadingSpace: weighted([6, fc.constant('')], [1, fc.constant(' ')]),
      language: fc.constantFrom(...FENCE_LANGUAGES),
      attributes,
      trailing: weighted([6, fc.constant('')], [1, fc.constantFrom(' ', '   ', '\t')]),
    })
    .map(({ leadingSpace, language, attributes: attrs, trailing }) => ({
      leadingSpace,
      language,
      attributeStyle: attrs.style,
      // A backtick fence's info string may not contain backticks (it would not be a fence).
      attributes: char === '`' ? attrs.text.replace(/`/g, "'") : attrs.text,
      trailing,
    }));
}

/** Text of the info string as written after the fence characters. */
export function renderFenceInfo(info: FenceInfo): string {
  const body = [info.language, info.attributes].filter((part) => part !== '').join(' ');
  return info.leadingSpace + body + info.trailing;
}

/** A content line for a fence of `length` times `char`; never a closing fence for it. */
export function fenceContentLineArbitrary(char: FenceChar, length: number): fc.Arbitrary<string> {
  const other: FenceChar = char === '`' ? '~' : '`';
  const indent = fc.integer({ min: 0, max: 6 }).map(spaces);
  const choices: (readonly [number, fc.Arbitrary<string>])[] = [
    [8, fc.tuple(indent, fc.constantFrom(...SHELL_LINES)).map(([pad, line]) => pad + line)],
    [2, fc.constantFrom('', '', ' ', '  ', '\t')],
    [1, unicodeTextArbitrary()],
    // A fence of the other character: content here, whatever its length.
    [2, fc.tuple(fc.integer({ min: 3, max: 6 }), fc.constantFrom('', 'sh', 'bash {"name":"inner"}')).map(
      ([n, lang]) => other.repeat(n) + lang,
    )],
    // Same character, long enough, but with an info string or indented 4+: still content.
    [1, fc.integer({ min: length, max: length + 2 }).map((n) => char.repeat(n) + 'sh')],
    [1, fc.constantFrom('    ', '\t', '     ').map((pad) => pad + char.repeat(length))],
  ];
  if (length > 3) {
    // Shorter fence of the same character (e.g. ``` inside ````), with or without info.
    choices.push([3, fc.tuple(fc.integer({ min: 3, max: length - 1 }), fc.constantFrom('', 'sh', ' ')).map(
      ([n, tail]) => char.repeat(n) + tail,
    )]);
  }
  return weighted(...choices).filter((line) => !closesFence(line, char, length));
}

export function closingFenceArbitrary(): fc.Arbitrary<ClosingFence> {
  return fc.record({
    indent: weighted([6, fc.constant(0)], [1, fc.integer({ min: 1, max: 3 })]),
    extraLength: weighted([6, fc.constant(0)], [1, fc.integer({ min: 1, max: 3 })]),
    trailing: weighted([6, fc.constant('')], [1, fc.constantFrom(' ', '   ', '\t', ' \t ')]),
  });
}

export interface FencedBlockOptions {
  /** Generate fences without closing line (default: never). */
  readonly unclosed?: boolean;
  /** Maximum indentation of the opening fence (default 3). */
  readonly maxIndent?: number;
}

export function fencedBlockArbitrary(options: FencedBlockOptions = {}): fc.Arbitrary<FencedBlock> {
  const maxIndent = options.maxIndent ?? 3;
  return fc
    .record({
      char: weighted([3, fc.constant<FenceChar>('`')], [1, fc.constant<FenceChar>('~')]),
      length: weighted([5, fc.constant(3)], [2, fc.integer({ min: 4, max: 5 })]),
      indent: weighted([5, fc.constant(0)], [1, fc.integer({ min: 0, max: maxIndent })]),
    })
    .chain(({ char, length, indent }) =>
      fc.record({
        kind: fc.constant('fence' as const),
        char: fc.constant(char),
        length: fc.constant(length),
        indent: fc.constant(indent),
        info: fenceInfoArbitrary(char),
        content: weighted<string[]>(
          [8, fc.array(fenceContentLineArbitrary(char, length), { maxLength: 6 })],
          // Degenerate bodies: a single empty line, a single blank line, two empty lines.
          [1, fc.constantFrom([''], ['   '], ['', ''])],
        ),
        closing: options.unclosed === true ? fc.constant(null) : closingFenceArbitrary(),
      }),
    );
}

export function renderFencedBlock(block: FencedBlock): string[] {
  const lines = [spaces(block.indent) + block.char.repeat(block.length) + renderFenceInfo(block.info), ...block.content];
  if (block.closing !== null) {
    const { indent, extraLength, trailing } = block.closing;
    lines.push(spaces(indent) + block.char.repeat(block.length + extraLength) + trailing);
  }
  return lines;
}

// ---------------------------------------------------------------------------
// Markdown pieces

function piece(kind: MarkdownKind, lines: fc.Arbitrary<string[]>): fc.Arbitrary<MarkdownBlock> {
  return lines.map((l) => ({ kind, lines: l }));
}

export function atxHeadingArbitrary(): fc.Arbitrary<MarkdownBlock> {
  return piece(
    'atx-heading',
    fc
      .tuple(fc.integer({ min: 1, max: 6 }), inlineLineArbitrary(), fc.constantFrom('', '', ' #', ' ###'), trailingSpaceArbitrary())
      .map(([level, text, closing, tail]) => ['#'.repeat(level) + ' ' + text + closing + tail]),
  );
}

export function setextHeadingArbitrary(): fc.Arbitrary<MarkdownBlock> {
  return piece(
    'setext-heading',
    fc
      .tuple(textLinesArbitrary(2), fc.constantFrom('=', '-'), fc.integer({ min: 1, max: 30 }), trailingSpaceArbitrary())
      .map(([text, char, n, tail]) => [...text, char.repeat(n) + tail]),
  );
}

export function paragraphArbitrary(): fc.Arbitrary<MarkdownBlock> {
  return piece('paragraph', textLinesArbitrary(4));
}

export function unicodeParagraphArbitrary(): fc.Arbitrary<MarkdownBlock> {
  return piece(
    'unicode',
    fc.array(fc.array(unicodeTextArbitrary(), { minLength: 1, maxLength: 6 }).map((parts) => parts.join(' ')), {
      minLength: 1,
      maxLength: 3,
    }),
  );
}

interface ListItem {
  readonly text: string;
  readonly children: readonly string[];
  readonly fence: FencedBlock | null;
}

export function listArbitrary(): fc.Arbitrary<MarkdownBlock> {
  const item: fc.Arbitrary<ListItem> = fc.record({
    text: fc.tuple(fc.constantFrom('', '', '[ ] ', '[x] '), inlineLineArbitrary()).map(([task, text]) => task + text),
    children: fc.array(inlineLineArbitrary().map((t) => '- ' + t), { maxLength: 2 }),
    fence: sometimes(fencedBlockArbitrary({ maxIndent: 1 }), 1, 3),
  });
  return piece(
    'list',
    fc
      .tuple(fc.constantFrom('-', '*', '+', '1.', '1)'), fc.array(item, { minLength: 1, maxLength: 4 }), fc.boolean())
      .map(([marker, items, loose]) =>
        items.flatMap((it, i) => {
          const bullet = /\d/.test(marker) ? `${i + 1}${marker.slice(-1)} ` : marker + ' ';
          const pad = spaces(bullet.length);
          const lines = [bullet + it.text, ...it.children.map((c) => pad + c)];
          if (it.fence !== null) {
            lines.push(...(loose ? [''] : []), ...renderFencedBlock(it.fence).map((l) => (l === '' ? '' : pad + l)));
          }
          if (loose && i < items.length - 1) lines.push('');
          return lines;
        }),
      ),
  );
}

export function blockquoteArbitrary(): fc.Arbitrary<MarkdownBlock> {
  const inner = weighted<string[]>(
    [3, textLinesArbitrary(3)],
    [2, fencedBlockArbitrary({ maxIndent: 1 }).map(renderFencedBlock)],
    [1, fc.constant(['[!WARNING]', 'Take a snapshot before isolating the instance.'])],
  );
  return piece(
    'blockquote',
    fc
      .tuple(fc.array(inner, { minLength: 1, maxLength: 3 }), fc.constantFrom('> ', '>'))
      .map(([parts, prefix]) =>
        parts
          .flatMap((lines, i) => (i === 0 ? lines : ['', ...lines]))
          .map((l) => (l === '' ? '>' : prefix + l)),
      ),
  );
}

export function tableArbitrary(): fc.Arbitrary<MarkdownBlock> {
  const cell = weighted(
    [4, fc.constantFrom(...WORDS)],
    [1, fc.constantFrom('`aws iam get-account-password-policy \\| jq .`', '`a | b`', 'a \\| b', '``x ` y``', '✅', '日本')],
    [1, fc.constantFrom(...CONTROLS)],
  );
  const align = fc.constantFrom('---', ':--', '--:', ':-:', '-----');
  return piece(
    'table',
    fc.integer({ min: 1, max: 4 }).chain((columns) =>
      fc
        .tuple(
          fc.array(cell, { minLength: columns, maxLength: columns }),
          fc.array(align, { minLength: columns, maxLength: columns }),
          fc.array(fc.array(cell, { minLength: columns, maxLength: columns }), { maxLength: 3 }),
          fc.boolean(),
        )
        .map(([header, aligns, rows, outerPipes]) => {
          const row = (cells: readonly string[]): string =>
            outerPipes ? `| ${cells.join(' | ')} |` : cells.join(' | ') + (columns === 1 ? ' |' : '');
          return [row(header), row(aligns), ...rows.map(row)];
        }),
    ),
  );
}

export function htmlCommentArbitrary(): fc.Arbitrary<MarkdownBlock> {
  return piece(
    'html-comment',
    weighted<string[]>(
      [2, inlineLineArbitrary().map((t) => [`<!-- ${t} -->`])],
      [1, textLinesArbitrary(2).map((t) => ['<!--', ...t, '-->'])],
      // A whole cell commented out: the fence lines are HTML, not a code cell.
      [2, fencedBlockArbitrary({ maxIndent: 0 }).map((f) => ['<!-- disabled cell:', ...renderFencedBlock(f), '-->'])],
      [1, fc.constant(['<!-- markdownlint-disable MD013 --> text after the comment'])],
    ),
  );
}

export function htmlBlockArbitrary(): fc.Arbitrary<MarkdownBlock> {
  return piece(
    'html-block',
    weighted<string[]>(
      [2, fencedBlockArbitrary({ maxIndent: 0 }).map((f) => [
        '<details>',
        '<summary>Show the command</summary>',
        '',
        ...renderFencedBlock(f),
        '',
        '</details>',
      ])],
      [1, fc.constant(['<div align="center">', '  <img src="architecture.png" alt="diagram">', '</div>'])],
    ),
  );
}

export function thematicBreakArbitrary(): fc.Arbitrary<MarkdownBlock> {
  return piece('thematic-break', fc.constantFrom('---', '***', '___', '- - -', '* * *', '-----').map((l) => [l]));
}

export function indentedCodeArbitrary(): fc.Arbitrary<MarkdownBlock> {
  const line = weighted(
    [4, fc.constantFrom(...SHELL_LINES)],
    [1, fc.constantFrom('```sh', '```', '~~~', '````bash {"name":"not-a-cell"}')],
  );
  return piece(
    'indented-code',
    fc
      .tuple(fc.constantFrom('    ', '\t', '      '), fc.array(line, { minLength: 1, maxLength: 4 }))
      .map(([pad, lines]) => lines.map((l) => pad + l)),
  );
}

export function linkDefinitionsArbitrary(): fc.Arbitrary<MarkdownBlock> {
  return piece(
    'link-definitions',
    fc.subarray(
      [
        '[cis]: https://www.cisecurity.org/benchmark/amazon_web_services "CIS Benchmark"',
        '[gd]: <https://docs.aws.amazon.com/guardduty/latest/ug/what-is-guardduty.html>',
        '[the docs]: https://docs.aws.amazon.com/securityhub/',
        "  'Security Hub controls'",
        '[^1]: Footnote with `inline code`.',
      ],
      { minLength: 1 },
    ),
  );
}

export function markdownBlockArbitrary(): fc.Arbitrary<MarkdownBlock> {
  return weighted(
    [3, atxHeadingArbitrary()],
    [1, setextHeadingArbitrary()],
    [5, paragraphArbitrary()],
    [1, unicodeParagraphArbitrary()],
    [2, listArbitrary()],
    [1, blockquoteArbitrary()],
    [1, tableArbitrary()],
    [1, htmlCommentArbitrary()],
    [1, htmlBlockArbitrary()],
    [1, thematicBreakArbitrary()],
    [1, indentedCodeArbitrary()],
    [1, linkDefinitionsArbitrary()],
  );
}

export function blockArbitrary(): fc.Arbitrary<Block> {
  return weighted<Block>([3, markdownBlockArbitrary()], [2, fencedBlockArbitrary()]);
}

// ---------------------------------------------------------------------------
// Front matter

export function validFrontMatterLinesArbitrary(): fc.Arbitrary<string[]> {
  const parameter = fc
    .record({
      name: fc.constantFrom('instance_id', 'access_key_id', 'compromised_user', 'retention_days', 'region'),
      type: fc.constantFrom('string', 'number'),
      prompt: fc.constantFrom('Instance to isolate', 'Access key to deactivate', 'Retention in days', 'Région 🌍'),
      default: fc.constantFrom('i-xxx', 'AKIA...', 'compromised-user', '90', '"eu-west-1"'),
      secret: fc.boolean(),
    })
    .map((p) => [
      `  - name: ${p.name}`,
      `    type: ${p.type}`,
      `    prompt: ${p.prompt}`,
      `    default: ${p.default}`,
      ...(p.secret ? ['    secret: true'] : []),
    ]);
  return fc
    .record(
      {
        title: fc.constantFrom('Compromised EC2 instance', '"Enable GuardDuty: all regions"', 'インシデント対応 🚨'),
        kind: fc.constantFrom('incident', 'enablement', 'compliance'),
        targets: fc.constantFrom(['targets:', '  prod: "111122223333"'], ['targets:', '  staging: ["444455556666", "777788889999"]']),
        parameters: fc.array(parameter, { minLength: 1, maxLength: 3 }).map((ps) => ['parameters:', ...ps.flat()]),
        timeRange: fc.constantFrom(['timeRange:', '  start: -24h', '  end: now'], ['timeRange: { start: -7d, end: now }']),
      },
      { requiredKeys: [] },
    )
    .map((fm) => [
      ...(fm.title !== undefined ? [`title: ${fm.title}`] : []),
      ...(fm.kind !== undefined ? [`kind: ${fm.kind}`] : []),
      ...(fm.targets ?? []),
      ...(fm.parameters ?? []),
      ...(fm.timeRange ?? []),
    ]);
}

export function frontMatterArbitrary(): fc.Arbitrary<FrontMatter> {
  const wrap = (kind: FrontMatterKind) => (body: readonly string[]): FrontMatter => ({
    kind,
    lines: kind === 'unclosed' ? ['---', ...body] : ['---', ...body, '---'],
  });
  return weighted(
    [6, validFrontMatterLinesArbitrary().map(wrap('valid'))],
    [2, fc.constantFrom(...INVALID_YAML_LINES).map(wrap('invalid'))],
    [1, fc.constant([]).map(wrap('empty'))],
    [1, validFrontMatterLinesArbitrary().map(wrap('unclosed'))],
  );
}

// ---------------------------------------------------------------------------
// Whitespace and line endings

/** Lines between pieces: 0-3 blank or whitespace-only lines, rarely many. */
export function blankLinesArbitrary(): fc.Arbitrary<string[]> {
  const blank = weighted([6, fc.constant('')], [1, fc.constantFrom(' ', '  ', '\t', '   \t')]);
  return weighted(
    [12, fc.array(blank, { maxLength: 3 })],
    [1, fc.integer({ min: 4, max: 12 }).map((n) => Array.from({ length: n }, () => ''))],
  );
}

export function lineEndingsArbitrary(): fc.Arbitrary<LineEndings> {
  const mixedEnding = weighted<LineEnding>(
    [10, fc.constant('\n')],
    [10, fc.constant('\r\n')],
    [1, fc.constant('\r')],
  );
  return weighted<LineEndings>(
    [4, fc.constant({ mode: 'lf' as const, cycle: ['\n' as const] })],
    [3, fc.constant({ mode: 'crlf' as const, cycle: ['\r\n' as const] })],
    [
      3,
      fc
        .array(mixedEnding, { minLength: 2, maxLength: 12 })
        .filter((cycle) => cycle.includes('\n') && cycle.includes('\r\n'))
        .map((cycle) => ({ mode: 'mixed' as const, cycle })),
    ],
  );
}

// ---------------------------------------------------------------------------
// Documents

export function runbookDocumentModelArbitrary(): fc.Arbitrary<RunbookDocumentModel> {
  const entry = fc.record({ before: blankLinesArbitrary(), block: blockArbitrary() });
  const unclosed = fc.record({ before: blankLinesArbitrary(), block: fencedBlockArbitrary({ unclosed: true }) });
  return fc.record({
    bom: weighted([12, fc.constant(false)], [1, fc.constant(true)]),
    frontMatter: sometimes(frontMatterArbitrary(), 1, 1),
    entries: fc.array(entry, { maxLength: 8 }),
    unclosedFence: sometimes(unclosed, 1, 7),
    trailing: blankLinesArbitrary(),
    lineEndings: lineEndingsArbitrary(),
    finalNewline: weighted([3, fc.constant(true)], [1, fc.constant(false)]),
  });
}

export function blockLines(block: Block): string[] {
  return block.kind === 'fence' ? renderFencedBlock(block) : [...block.lines];
}

/** The lines of the document, without line endings or BOM. */
export function documentLines(model: RunbookDocumentModel): string[] {
  const lines: string[] = [...(model.frontMatter?.lines ?? [])];
  const entries = model.unclosedFence === null ? model.entries : [...model.entries, model.unclosedFence];
  for (const { before, block } of entries) lines.push(...before, ...blockLines(block));
  lines.push(...model.trailing);
  return lines;
}

export function renderRunbookDocument(model: RunbookDocumentModel): string {
  const lines = documentLines(model);
  const { cycle } = model.lineEndings;
  let text = model.bom ? BOM : '';
  lines.forEach((line, i) => {
    if (/[\r\n]/.test(line)) throw new Error(`generator bug: line ${i} contains a line ending: ${JSON.stringify(line)}`);
    const last = i === lines.length - 1;
    text += line + (last && !model.finalNewline ? '' : (cycle[i % cycle.length] ?? '\n'));
  });
  return text;
}

/** Random runbook Markdown documents (see the file comment). */
export function runbookDocumentArbitrary(): fc.Arbitrary<string> {
  return runbookDocumentModelArbitrary().map(renderRunbookDocument);
}
