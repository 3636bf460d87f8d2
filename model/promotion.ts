/**
 * Promotion between stacks: a stack that `promotion.from` another (prod from staging) runs only image tags
 * the other stack has run, unless a hotfix records why not. Pure: the stack files' contents come in as
 * parsed values (`tools/promotion.ts` reads them from git), the verdict goes out as data.
 */
import { z } from "zod";
import { asRecord, ConfigError, describeValue, joinPath, quoteList } from "./errors";

/** A stack name as `Pulumi.<stack>.yaml` spells it (Pulumi's own rule: letters, digits, `-`, `_`, `.`). */
const STACK_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;

export const promotionSchema = z.strictObject({
    /** The stack whose released tags this one may run (`staging` for prod). */
    from: z.string().regex(STACK_NAME, { message: "expected a stack name, e.g. staging" }),
    /**
     * Tags this stack runs that `from` never ran, each with why and when: the recorded override for a
     * hotfix. Keep past entries: they are the release history, and the plan shows each.
     */
    hotfixes: z
        .array(
            z.strictObject({
                service: z.string(),
                imageTag: z.string(),
                reason: z.string().min(10, { message: "expected a reason a reviewer can check" }),
                // schema.ts imports this module, so its date rule is not imported back here.
                date: z.iso.date({ message: "expected a calendar date such as 2026-12-06" }),
            }),
        )
        .optional(),
});

export type PromotionInput = z.infer<typeof promotionSchema>;

export interface Hotfix {
    readonly service: string;
    readonly imageTag: string;
    readonly reason: string;
    readonly date: string;
}

export interface PromotionModel {
    readonly from: string;
    readonly hotfixes: readonly Hotfix[];
}

export function toPromotionModel(input: PromotionInput | undefined): PromotionModel | undefined {
    return input ? { from: input.from, hotfixes: input.hotfixes ?? [] } : undefined;
}

/** A hotfix names an aws service of this stack (the only ones with an image tag). */
export function checkPromotion(raw: Record<string, unknown>): ConfigError[] {
    const promotion = asRecord(raw.promotion);
    if (!promotion || !Array.isArray(promotion.hotfixes)) return [];
    const services = asRecord(raw.services) ?? {};
    const withImages = Object.keys(services).filter(
        (name) => asRecord(services[name])?.platform === "aws",
    );
    return promotion.hotfixes.flatMap((entry, index) => {
        const service = asRecord(entry)?.service;
        return typeof service === "string" && !withImages.includes(service)
            ? [
                  {
                      path: joinPath(["promotion", "hotfixes", index, "service"]),
                      message: `${describeValue(service)} is not an aws service of this stack; expected one of ${quoteList(withImages)}`,
                  },
              ]
            : [];
    });
}

/** What a service runs: its image repository and tag. */
export interface Image {
    readonly repository: string;
    readonly imageTag: string;
}

/** The images of a raw `opsbook:system`, by service (aws services only); defensive, like the loader. */
export function imagesOf(system: unknown): Record<string, Image> {
    const services = asRecord(asRecord(system)?.services) ?? {};
    const images: Record<string, Image> = {};
    for (const [name, value] of Object.entries(services)) {
        const service = asRecord(value);
        if (
            service?.platform === "aws" &&
            typeof service.imageTag === "string" &&
            typeof service.repository === "string"
        ) {
            images[name] = { repository: service.repository, imageTag: service.imageTag };
        }
    }
    return images;
}

/** One version of the source stack's file: the commit it is at and its `opsbook:system`. */
export interface SourceVersion {
    readonly commit: string;
    readonly system: unknown;
}

export interface PromotedImage {
    readonly service: string;
    readonly image: Image;
    /** The tag it ran before this change; absent for a new service. */
    readonly before?: string;
    /** `promoted`: the source stack ran it (at `ranAt`); `hotfix`: recorded override; `refused`: neither. */
    readonly verdict: "promoted" | "hotfix" | "refused";
    readonly ranAt?: string;
    readonly hotfix?: Hotfix;
}

export interface PromotionVerdict {
    readonly stack: string;
    readonly from: string;
    /** Every service whose image this change sets (unchanged images need no check). */
    readonly images: readonly PromotedImage[];
    readonly ok: boolean;
}

/**
 * Judges one stack's change: each aws service whose image differs from the base version of the stack
 * (or is new) must run an image some version of the source stack ran (`history`, newest first: the
 * source's file at the base commit and before it; what is on the base branch has been deployed there),
 * or carry a hotfix for exactly that service and tag.
 */
export function judgePromotion(input: {
    readonly stack: string;
    readonly promotion: PromotionModel;
    readonly base: unknown;
    readonly head: unknown;
    readonly history: readonly SourceVersion[];
}): PromotionVerdict {
    const before = imagesOf(input.base);
    const images = Object.entries(imagesOf(input.head))
        .filter(([service, image]) => {
            const old = before[service];
            return !old || old.imageTag !== image.imageTag || old.repository !== image.repository;
        })
        .map(([service, image]): PromotedImage => {
            const ran = input.history.find((version) => {
                const there = imagesOf(version.system)[service];
                return there?.imageTag === image.imageTag && there.repository === image.repository;
            });
            const hotfix = input.promotion.hotfixes.find(
                (h) => h.service === service && h.imageTag === image.imageTag,
            );
            const common = { service, image, before: before[service]?.imageTag };
            if (ran) return { ...common, verdict: "promoted", ranAt: ran.commit };
            if (hotfix) return { ...common, verdict: "hotfix", hotfix };
            return { ...common, verdict: "refused" };
        });
    return {
        stack: input.stack,
        from: input.promotion.from,
        images,
        ok: images.every((i) => i.verdict !== "refused"),
    };
}

/** The verdict as the check prints it: one line per image, the refusals saying what to do. */
export function formatPromotion(verdict: PromotionVerdict, sourceFile: string): string[] {
    const lines = [
        `${verdict.stack} promotes from ${verdict.from} (${sourceFile}): ${verdict.images.length === 0 ? "no image changes" : `${verdict.images.length} image change(s)`}`,
    ];
    for (const i of verdict.images) {
        const what = `${i.service} ${i.image.imageTag}${i.before ? ` (was ${i.before})` : " (new service)"}`;
        if (i.verdict === "promoted")
            lines.push(`  ok      ${what}: ${verdict.from} ran it (${i.ranAt?.slice(0, 7)})`);
        else if (i.verdict === "hotfix")
            lines.push(
                `  hotfix  ${what}: not run in ${verdict.from}; override recorded ${i.hotfix?.date}: ${i.hotfix?.reason}`,
            );
        else
            lines.push(
                `  REFUSED ${what}: ${verdict.from} has never run ${i.image.repository}:${i.image.imageTag}. ` +
                    `Release it to ${verdict.from} first and watch it there, or record a hotfix in ` +
                    `opsbook:system.promotion.hotfixes (service, imageTag, reason, date).`,
            );
    }
    return lines;
}

/** The plan's account: where this stack's images come from, and every recorded hotfix. */
export function promotionLines(promotion: PromotionModel | undefined): string[] {
    if (!promotion) return [];
    return [
        "",
        `Promotion: image tags come from stack ${promotion.from} (npm run promotion-check in each pull request)`,
        ...promotion.hotfixes.map(
            (h) =>
                `  hotfix ${h.date}: ${h.service} ${h.imageTag}, not run in ${promotion.from} first: ${h.reason}`,
        ),
    ];
}
