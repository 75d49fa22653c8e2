// Parameters for infra/main.bicep. No secret here, or anywhere: secret values are generated inside Azure.
// The two values that change per run come from the environment, so the workflow needs no inline overrides:
//   DEPLOY_APPS=false  first pass (no container apps yet);  IMAGE_TAG=<commit sha>  the images to run.
using 'main.bicep'

param namePrefix = 'apimoauth'
param deployApps = bool(readEnvironmentVariable('DEPLOY_APPS', 'true'))
param imageTag = readEnvironmentVariable('IMAGE_TAG', 'latest')
param keyVaultPurgeProtection = true
param keyVaultSoftDeleteRetentionInDays = 90
param gatewayExternalIngress = false
param cpu = '0.5'
param memory = '1Gi'
param minReplicas = 1
param maxReplicas = 3
param concurrentRequests = 50
