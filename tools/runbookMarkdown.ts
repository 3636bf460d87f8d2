/** The runbook's Markdown pieces: dates, code spans, tables, and the `pulumi up` it tells operators to run. */
import * as fs from "fs";
import * as path from "path";

export const day = (date: Date) => date.toISOString().slice(0, 10);
export const code = (text: string) => `\`${text}\``;

export function table(header: string[], rows: string[][]): string[] {
    return [
        `| ${header.join(" | ")} |`,
        `|${header.map(() => "---").join("|")}|`,
        ...rows.map((r) => `| ${r.join(" | ")} |`),
    ];
}

/**
 * The `pulumi up` a runbook tells an operator to run. It names a policy config only when the stack has
 * one (`policies/config/<stack>.json`): the environment comes from the stack file, the config only sets
 * enforcement levels, and naming a file that does not exist would fail the up.
 */
export function applyCommand(stack: string): string {
    const config = `policies/config/${stack}.json`;
    const exists = fs.existsSync(path.join(__dirname, "..", config));
    return `pulumi up --stack ${stack} --policy-pack policies${exists ? ` --policy-pack-config ${config}` : ""}`;
}
