/** Commercial AWS regions offered when a profile names none (the user picks; we never default silently). */
export const KNOWN_REGIONS: readonly string[] = [
  'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2',
  'ca-central-1', 'ca-west-1', 'sa-east-1', 'mx-central-1',
  'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-central-1', 'eu-central-2', 'eu-north-1', 'eu-south-1', 'eu-south-2',
  'ap-south-1', 'ap-south-2', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-southeast-1', 'ap-southeast-2',
  'ap-southeast-3', 'ap-southeast-4', 'ap-southeast-5', 'ap-southeast-7', 'ap-east-1', 'ap-east-2',
  'me-south-1', 'me-central-1', 'il-central-1', 'af-south-1',
];

/** A region id has the shape `xx-name-N` (also `us-gov-west-1`, `cn-north-1`). */
export function isRegionId(value: string): boolean {
  return /^[a-z]{2}(-[a-z]+)+-\d$/.test(value);
}

/** The environment for shell cells run as a profile: the AWS CLI then acts exactly as the notebook shows. */
export function profileEnvironment(options: {
  profile: string;
  region: string;
  endpointUrl?: string;
  configFile: string;
  credentialsFile: string;
}): Record<string, string> {
  const env: Record<string, string> = {
    AWS_PROFILE: options.profile,
    AWS_REGION: options.region,
    AWS_DEFAULT_REGION: options.region,
    AWS_CONFIG_FILE: options.configFile,
    AWS_SHARED_CREDENTIALS_FILE: options.credentialsFile,
    AWS_PAGER: '',
  };
  if (options.endpointUrl) env.AWS_ENDPOINT_URL = options.endpointUrl;
  return env;
}
