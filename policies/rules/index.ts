/**
 * Every policy of the pack. Tests and tools import this module; only `policies/index.ts` builds the pack,
 * because `new PolicyPack()` starts a gRPC server.
 */
import { Policies } from "@pulumi/policy";
import { alarmActions } from "./alerts/alarmActions";
import { criticalSubscribed } from "./alerts/criticalSubscribed";
import { subscriptionConfirms } from "./alerts/subscriptionConfirms";
import { healthChecked } from "./alerts/healthChecked";
import { alarmThresholds } from "./alerts/thresholds";
import { workWatched } from "./alerts/workWatched";
import { originLocked } from "./edge/originLocked";
import { rateLimit } from "./edge/rateLimit";
import { vercelProxied } from "./edge/vercelProxied";
import { lbAccessLogs } from "./edge/lbAccessLogs";
import { lbProtected } from "./edge/lbProtected";
import { readOnlyRoot } from "./services/readOnlyRoot";
import { securityGroupRules } from "./services/securityGroupRules";
import { rdsInsightsKey } from "./data/rdsInsightsKey";
import { rdsLogGroups } from "./data/rdsLogGroups";
import { rdsMonitoring } from "./data/rdsMonitoring";
import { parameterKey } from "./secrets/parameterKey";
import { logRetention } from "./services/logRetention";
import { noPlainSecrets } from "./services/noPlainSecrets";
import { paused } from "./services/paused";
import { flagsKilled } from "./services/flagsKilled";
import { accessLogBucket } from "./data/accessLogBucket";
import { accessLogs } from "./data/accessLogs";
import { backupBucketVersions } from "./data/backupBucketVersions";
import { backupRetention } from "./data/backupRetention";
import { backupSchedule } from "./data/backupSchedule";
import { credentialRotation } from "./data/credentialRotation";
import { rdsSecure } from "./data/rdsSecure";
import { redisAlarms } from "./data/redisAlarms";
import { redisAuth } from "./data/redisAuth";
import { redisEncrypted } from "./data/redisEncrypted";
import { redisSnapshots } from "./data/redisSnapshots";
import { restoreTest } from "./data/restoreTest";
import { s3Secure } from "./data/s3Secure";
import { bucketPrivate } from "./data/bucketPrivate";
import { envSensitive } from "./secrets/envSensitive";
import { minimumStrength } from "./secrets/minimumStrength";
import { liveValues } from "./secrets/liveValues";
import { periodWithinClass } from "./secrets/periodWithinClass";
import { vendorDueSoon } from "./secrets/vendorDueSoon";
import { vendorOverdue } from "./secrets/vendorOverdue";
import { secretsUnused } from "./secrets/unused";
import { publishedKeyAge } from "./secrets/publishedKeyAge";
import { waiversActive } from "./waivers/active";

export const policies: Policies = [
    periodWithinClass,
    liveValues,
    minimumStrength,
    vendorOverdue,
    vendorDueSoon,
    waiversActive,
    secretsUnused,
    publishedKeyAge,
    envSensitive,
    backupRetention,
    backupSchedule,
    restoreTest,
    rdsSecure,
    s3Secure,
    bucketPrivate,
    backupBucketVersions,
    accessLogs,
    accessLogBucket,
    credentialRotation,
    redisEncrypted,
    redisAuth,
    redisSnapshots,
    redisAlarms,
    healthChecked,
    alarmActions,
    alarmThresholds,
    criticalSubscribed,
    subscriptionConfirms,
    workWatched,
    noPlainSecrets,
    logRetention,
    paused,
    flagsKilled,
    rateLimit,
    originLocked,
    vercelProxied,
    lbAccessLogs,
    lbProtected,
    readOnlyRoot,
    securityGroupRules,
    rdsInsightsKey,
    rdsMonitoring,
    rdsLogGroups,
    parameterKey,
];
