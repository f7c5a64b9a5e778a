import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { EC2Client } from '@aws-sdk/client-ec2';
import { GuardDutyClient } from '@aws-sdk/client-guardduty';
import { IAMClient } from '@aws-sdk/client-iam';
import { S3Client } from '@aws-sdk/client-s3';
import { S3ControlClient } from '@aws-sdk/client-s3-control';
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import type { AwsCredentialIdentity } from '@smithy/types';
import type { AwsClientConfig } from './awsSession';

/** A session's client settings; static credentials are accepted too (tests, benchmarks). */
export type ClientSettings = Omit<AwsClientConfig, 'credentials'> & { credentials: AwsClientConfig['credentials'] | AwsCredentialIdentity };

/** The SDK clients the compliance scan uses, by the short names its checks call them. */
export interface ServiceClientMap {
  cloudtrail: CloudTrailClient;
  config: ConfigServiceClient;
  ec2: EC2Client;
  guardduty: GuardDutyClient;
  iam: IAMClient;
  s3: S3Client;
  s3control: S3ControlClient;
  securityhub: SecurityHubClient;
}

export type ServiceName = keyof ServiceClientMap;

/** Hands out one client per service and region (created on first use). */
export interface ClientProvider {
  get<S extends ServiceName>(service: S, region: string): ServiceClientMap[S];
}

type Destroyable = { destroy(): void };

/**
 * Clients built from one session's settings (credentials, endpoint_url, retries),
 * cached per service and region and destroyed together when the scan is over.
 */
export class ServiceClients implements ClientProvider {
  private readonly clients = new Map<string, Destroyable>();

  constructor(private readonly config: (region: string) => ClientSettings) {}

  get<S extends ServiceName>(service: S, region: string): ServiceClientMap[S] {
    const key = `${service}/${region}`;
    let client = this.clients.get(key);
    if (!client) {
      client = create(service, this.config(region));
      this.clients.set(key, client);
    }
    return client as ServiceClientMap[S];
  }

  destroy(): void {
    for (const client of this.clients.values()) client.destroy();
    this.clients.clear();
  }
}

function create(service: ServiceName, config: ClientSettings): Destroyable {
  switch (service) {
    case 'cloudtrail':
      return new CloudTrailClient(config);
    case 'config':
      return new ConfigServiceClient(config);
    case 'ec2':
      return new EC2Client(config);
    case 'guardduty':
      return new GuardDutyClient(config);
    case 'iam':
      return new IAMClient(config);
    case 's3':
      // A bucket in another region answers with a redirect the SDK follows; an endpoint override (LocalStack, moto) needs path-style addressing.
      return new S3Client({ ...config, followRegionRedirects: true, ...(config.endpoint ? { forcePathStyle: true } : {}) });
    case 's3control': {
      // S3 Control's endpoint rules prefix the account id to the host, which breaks an endpoint override (127.0.0.1): use the override as is.
      const endpoint = config.endpoint;
      return new S3ControlClient(endpoint ? { ...config, endpointProvider: () => ({ url: new URL(endpoint) }) } : config);
    }
    case 'securityhub':
      return new SecurityHubClient(config);
  }
}
