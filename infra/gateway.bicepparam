// The gateway's container app (calls the backend): azd's deployment module for the service "gateway" (azd deploy), and
// what .github/workflows/deploy.yml deploys for it. Variables as in main.bicepparam; azd sets the SERVICE_* ones.
using 'app.bicep'

param service = 'gateway'
param namePrefix = readEnvironmentVariable('AZURE_NAME_PREFIX', 'apimoauth')

// Required, no default (issue 12, defect 5): without the image just pushed, stop here naming the variable.
param image = readEnvironmentVariable('SERVICE_GATEWAY_IMAGE_NAME')

// ROLLOUT [replace]: replace (azd) or candidate (the deploy workflow: 0% traffic until the smoke test passed).
param rollout = readEnvironmentVariable('ROLLOUT', 'replace')
param exists = bool(readEnvironmentVariable('SERVICE_GATEWAY_RESOURCE_EXISTS', 'false'))
param revisionSuffix = readEnvironmentVariable('REVISION_SUFFIX', '')

// Output of infra/main.bicep.
param backendAppId = readEnvironmentVariable('BACKEND_APP_ID')
param v1IssuerBase = readEnvironmentVariable('ENTRA_V1_ISSUER_BASE', 'https://sts.windows.net')
param gatewayExternalIngress = bool(readEnvironmentVariable('GATEWAY_EXTERNAL_INGRESS', 'false'))
