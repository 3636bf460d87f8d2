/** The diff's types: what it reads of two plans (`DiffPlan`) and what it finds (`PlanDiff`). Types only. */
import type { CalendarEntry } from "../model/calendar";

export type DiffAction = "create" | "update" | "replace" | "delete";

/**
 * How the engine runs a replacement: by default it creates the new resource, repoints dependents, then
 * deletes the old one; with `deleteBeforeReplace` (the option, or the provider's own) it deletes first
 * (https://www.pulumi.com/docs/iac/concepts/resources/options/deletebeforereplace/).
 */
export type ReplaceOrder = "create-before-delete" | "delete-before-replace";

/** What the diff reads of a planned resource: the fields of the plan's `--json` resources. */
export interface DiffResource {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly parent: string | null;
    readonly protect: boolean;
    /** The resource's `deleteBeforeReplace` option; absent in plans saved before it was recorded. */
    readonly deleteBeforeReplace?: boolean;
    readonly inputs: unknown;
    readonly aliases?: readonly string[];
    readonly propertyDependencies?: Readonly<Record<string, readonly string[]>>;
    /** Input path → digest of a secret value (`[secret]` in `inputs`); absent where unknown. */
    readonly secretDigests?: Readonly<Record<string, string>>;
}

/** What the diff reads of a plan. */
export interface DiffPlan {
    readonly stack: string;
    readonly now: string;
    readonly firstPreview?: boolean;
    readonly resources: readonly DiffResource[];
    readonly secrets: readonly (Pick<
        CalendarEntry,
        "name" | "class" | "kind" | "generation" | "slots" | "rollouts" | "rotatedAt"
    > &
        Partial<
            Pick<CalendarEntry, "scheme" | "periodDays" | "retiredThrough" | "formerPeriodsPath">
        >)[];
    /** Incidents declared so far (`rotation.incidents`); a plan from before they were listed has none. */
    readonly incidents?: readonly { readonly id: string; readonly at: string }[];
}

export interface ResourceChange {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly action: DiffAction;
    /** Input paths that change (`a.b[0].c`); for create and delete, none. */
    readonly paths: readonly string[];
    /** Those of `paths` whose value is secret: changed, never shown. */
    readonly secretPaths: readonly string[];
    /** Replace: the paths that force it. */
    readonly forcedBy: readonly string[];
    /** Replace: in which order the engine runs it; null for other actions. */
    readonly order: ReplaceOrder | null;
    /** Replaced resources whose new ids and outputs change this one's inputs. */
    readonly causedBy: readonly string[];
    /** A rename the engine follows through an alias: the former URN. */
    readonly renamedFrom: string | null;
    readonly blocking: boolean;
    /** Why it blocks; null when it does not. */
    readonly reason: string | null;
}

/** A secret whose live values change: new values created, old ones dropped, and who rolls to read them. */
export interface Rotation {
    readonly secret: string;
    readonly class: string;
    readonly from: string;
    readonly to: string;
    readonly created: readonly string[];
    readonly dropped: readonly string[];
    readonly consumers: readonly { consumer: string; mechanism: string }[];
    /**
     * It drops a value consumers still rely on outside a declared incident: every live value of a key
     * set or of the alternating users (all sessions end, every connection fails), or any unretired key
     * of a key ring (data no longer decrypts).
     */
    readonly blocking: boolean;
    /** Why it blocks, and the `formerPeriods` entry that keeps it from happening; null when it does not. */
    readonly reason: string | null;
}

export interface PlanDiff {
    /** Blocking changes first, then by action and URN; unchanged resources are left out. */
    readonly changes: readonly ResourceChange[];
    readonly rotations: readonly Rotation[];
    readonly counts: Readonly<Record<DiffAction, number>>;
    readonly blocking: number;
    /** Why the comparison may show more than the change itself (another date, another mode). */
    readonly notes: readonly string[];
}

/** How `diffPlans` reads the plans. */
export interface DiffOptions {
    /**
     * The values a plan derives from a resource's name (the offline plan's mock ids and ARNs). A resource
     * renamed through an alias keeps its real ones, so in the head plan these are read as the former name's.
     */
    readonly namedValues?: (name: string) => readonly string[];
}
