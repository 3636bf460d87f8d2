import * as pulumi from "@pulumi/pulumi";
import { RotatingSecret } from "./secret";
import { VendorSecret } from "./vendorSecret";
import { CONFIG_NAMESPACE, SecretModel, SystemModel } from "../../model/load";
import { unusedSecrets } from "../../model/secretUse";

export interface SecretValues {
    readonly current: pulumi.Output<string>;
    readonly next?: pulumi.Output<string>;
    readonly previous?: pulumi.Output<string>;
    /** Key rings: the current key's id (its generation) and every key that may still decrypt. */
    readonly keyId?: string;
    readonly keyRing?: pulumi.Output<string>;
}

/** Former names of an entry, as aliases of the component that carries it (children follow by prefix). */
export const renamed = (
    prefix: string,
    formerNames: readonly string[],
): pulumi.ComponentResourceOptions => ({
    aliases: formerNames.map((former) => ({ name: `${prefix}-${former}` })),
});

function rotatingSecret(
    secret: SecretModel,
    model: SystemModel,
    now: Date,
    unused: boolean,
): SecretValues {
    const rotating = new RotatingSecret(secret.owner, {
        unused,
        secretName: secret.name,
        secretClass: secret.class,
        periodDays: secret.periodDays,
        formerPeriods: secret.formerPeriods,
        earlyRotations: secret.earlyRotations,
        incidents: model.incidents,
        retiredThrough: secret.retiredThrough,
        protect: model.protect,
        now,
    });
    const keyRing = secret.scheme === "key-ring";
    return {
        current: rotating.current,
        next: rotating.valueOf("next"),
        previous: rotating.valueOf("previous"),
        keyId: keyRing ? String(rotating.generation) : undefined,
        keyRing: keyRing ? rotating.keyRing() : undefined,
    };
}

export function buildSecrets(model: SystemModel, now: Date): Record<string, SecretValues> {
    const config = new pulumi.Config(CONFIG_NAMESPACE);
    const values: Record<string, SecretValues> = {};
    const unused = new Set(unusedSecrets(model));
    for (const secret of Object.values(model.secrets)) {
        if (secret.delivery === "database" || secret.delivery === "redis") continue; // built with its store
        values[secret.name] =
            secret.kind === "generated"
                ? rotatingSecret(secret, model, now, unused.has(secret.name))
                : new VendorSecret(secret.name, {
                      secretClass: secret.class,
                      rotatedAt: secret.rotatedAt ?? "",
                      periodDays: secret.periodDays,
                      value: config.requireSecret(secret.name),
                      waiver: secret.waiver,
                      unused: unused.has(secret.name),
                  });
    }
    return values;
}
