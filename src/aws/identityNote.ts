/** The words each cell's closing line ends with: who it ran as, and where. */
export function regionAndIdentityNote(principalArn: string, region: string): string {
  return `Ran as ${principalArn} in ${region}.`;
}
