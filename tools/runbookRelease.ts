/**
 * The runbook's release section: staging first, watch, then promote (`model/promotion.ts` holds the rule,
 * `tools/promotion.ts` checks it in each pull request).
 */
import { SystemModel } from "../model/load";
import { RELEASE_WATCH_MINUTES } from "../model/rules";

const code = (text: string) => `\`${text}\``;

export function releaseSection(model: SystemModel, stack: string): string[] {
    const aws = Object.values(model.services).filter((s) => s.platform === "aws");
    const vercel = Object.values(model.services).filter((s) => s.platform === "vercel");
    const tag = code(`opsbook:system.services.<service>.imageTag`);
    const watch = `watch it for ${RELEASE_WATCH_MINUTES} minutes: no alert fires, error rate and latency stay where they were, the health checks pass.`;
    const Watch = watch[0].toUpperCase() + watch.slice(1);
    const out = ["", "## Release", ""];
    const promotion = model.promotion;
    if (promotion) {
        const source = `Pulumi.${promotion.from}.yaml`;
        out.push(
            `Staging first, watch, then promote: ${stack} runs only image tags ${promotion.from} has run.`,
            "",
            `1. **${promotion.from} first**: set ${tag} in ${code(source)} and merge; the main workflow applies ${promotion.from} before ${stack}.`,
            `2. **Watch** ${promotion.from}: ${watch}`,
            `3. **Promote**: set the same tag in ${code(`Pulumi.${stack}.yaml`)} in a pull request, in a low-traffic window. Its promotion check (${code("npm run promotion-check -- --base <base>")}) fails on a tag ${promotion.from} has never run, naming the service and tag.`,
            `4. **Watch** ${stack} the same way after the merge applies it; roll back as below if it does not hold.`,
            "",
            `A hotfix that cannot wait for ${promotion.from}: add ${code("{ service, imageTag, reason, date }")} to ${code("opsbook:system.promotion.hotfixes")} in the same pull request. The check passes it and says so, the plan lists it, and the entry stays as the record.`,
        );
        const hotfixes = promotion.hotfixes;
        if (hotfixes.length > 0) {
            out.push(
                "",
                "Recorded hotfixes:",
                ...hotfixes.map(
                    (h) => `- ${h.date}: ${code(h.service)} ${code(h.imageTag)}: ${h.reason}`,
                ),
            );
        }
    } else if (aws.length > 0) {
        out.push(
            `${stack} promotes from no other stack: release here first. Set ${tag} and merge, then ${watch} A stack that promotes from this one (${code(`promotion: { from: ${stack} }`)}) may then run the tag.`,
        );
    }
    if (vercel.length > 0) {
        out.push(
            "",
            `Vercel (${vercel.map((s) => code(s.name)).join(", ")}): a pull request's preview deployment is its staging; merging to the production branch deploys. ${Watch}`,
        );
    }
    return out.length > 3 ? out : [];
}
