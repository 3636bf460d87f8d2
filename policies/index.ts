import { PolicyPack } from "@pulumi/policy";
import { policies } from "./rules";

// Enforcement levels are set per stack with `--policy-pack-config policies/config/<stack>.json`.
new PolicyPack("opsbook", { policies });
