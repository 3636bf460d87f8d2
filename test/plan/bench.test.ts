import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { loadSystem } from "../../model/load";
import { scaleSystem } from "../../tools/bench";
import { PROJECT_ROOT } from "../../tools/plan";

describe("the benchmark's synthetic stacks", () => {
    it("are valid systems with every entry repeated, so the figures measure a real program", () => {
        const system = parse(fs.readFileSync(path.join(PROJECT_ROOT, "Pulumi.prod.yaml"), "utf8"))
            .config["opsbook:system"];
        const scaled = scaleSystem(system, 3);
        const result = loadSystem(scaled, {
            now: new Date("2026-11-24T00:00:00Z"),
            config: { has: () => true, isSecret: () => true },
        });
        if (!result.ok) throw new Error(JSON.stringify(result.errors.slice(0, 5)));
        const count = (record: object) => Object.keys(record).length;
        expect(count(result.model.services)).toBe(3 * count(system.services));
        expect(count(result.model.databases)).toBe(3 * count(system.databases));
        expect(count(result.model.buckets)).toBe(3 * count(system.buckets));
        expect(new Set(Object.values(result.model.databases).map((d) => d.dbName)).size).toBe(3);
        expect(result.model.alertRoutes.critical).toHaveLength(3);
    });
});
