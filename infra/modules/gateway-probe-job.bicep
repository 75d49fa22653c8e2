// A manually started Container Apps job that calls the gateway from inside the environment without a subscription key
// and succeeds only on APIM's 401 "missing subscription key". The gateway's ingress is internal by default, so the
// deploy workflow cannot call it from GitHub's runner; `az containerapp exec` needs an interactive terminal, which a
// workflow has not. infra/scripts/smoke-test.sh points PROBE_URL at the gateway revision under test, starts the job
// and waits for its result.
@description('Job name.')
param name string

@description('Azure region.')
param location string

@description('Resource id of the Container Apps environment.')
param environmentId string

param tags object = {}

// A public Microsoft image with bash and curl, the one deployment scripts run (keyvault-secret-values.bicep); it needs
// no registry credential.
var image = 'mcr.microsoft.com/azure-cli:2.61.0'

// Exit status 0 only for a 401 whose body is APIM's: a 200, a 403 or an unreachable gateway all fail the probe.
var probeScript = '''
set -u
if [ -z "${PROBE_URL:-}" ]; then echo "PROBE_URL is not set"; exit 2; fi
url="${PROBE_URL%/}/backend/api/greeting?name=probe"
status=$(curl --silent --show-error --max-time 20 --output /tmp/body --write-out '%{http_code}' "$url") || status=000
echo "GET $url without a subscription key: HTTP $status"
head -c 400 /tmp/body 2>/dev/null; echo
[ "$status" = "401" ] && grep -q '"statusCode": *401' /tmp/body && grep -q 'missing subscription key' /tmp/body
'''

resource job 'Microsoft.App/jobs@2024-03-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    environmentId: environmentId
    workloadProfileName: 'Consumption'
    configuration: {
      triggerType: 'Manual'
      replicaTimeout: 120
      replicaRetryLimit: 0
      manualTriggerConfig: {
        parallelism: 1
        replicaCompletionCount: 1
      }
    }
    template: {
      containers: [
        {
          name: 'probe'
          image: image
          command: [
            '/bin/bash'
            '-c'
          ]
          args: [
            probeScript
          ]
          env: [
            {
              // Set by the smoke test before each start: the gateway revision under test.
              name: 'PROBE_URL'
              value: ''
            }
          ]
          resources: {
            cpu: json('0.25')
            memory: '0.5Gi'
          }
        }
      ]
    }
  }
}

output name string = job.name
