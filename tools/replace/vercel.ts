/** The Vercel types in the replace table: projects, deployments, Edge Config, variables. */
import { at, pulumi, ReplaceRule, tf } from "./rule";

export const VERCEL: Readonly<Record<string, ReplaceRule>> = {
    // A deployment is immutable: every argument builds a new one (domains L84 … custom_environment_id
    // L191); `delete_on_destroy` (L184) only changes what destroy does.
    "vercel:index/deployment:Deployment": {
        replaceOn: "any",
        except: ["deleteOnDestroy"],
        docs: pulumi("vercel", "deployment"),
        upstream: tf("vercel/vercel", "deployment"),
        source: at("vercel", "vercel/resource_deployment.go", "L84-L192"),
    },
    // `name` updates in place (Update L179).
    "vercel:index/edgeConfig:EdgeConfig": {
        replaceOn: ["teamId"],
        docs: pulumi("vercel", "edgeconfig"),
        upstream: tf("vercel/vercel", "edge_config"),
        source: at("vercel", "vercel/resource_edge_config.go", "L64-L79"),
    },
    // Every argument but team_id is RequiresReplaceIfConfigured, value and value_json included, and
    // Update is an error (L467-L473): a flag's new value is a new item. Create upserts the key and Delete
    // deletes it (client/edge_config_item.go L47, L91), so create-before-delete leaves the key absent.
    "vercel:index/edgeConfigItem:EdgeConfigItem": {
        replaceOn: ["edgeConfigId", "key", "value", "valueJson"],
        key: {
            inputs: ["edgeConfigId", "key"],
            what: "a key of an Edge Config store",
            conflict:
                "the new item upserts the key, then the old item's delete removes it: the key is absent until the next up",
            source: at("vercel", "client/edge_config_item.go", "L34-L100"),
        },
        docs: pulumi("vercel", "edgeconfigitem"),
        upstream: tf("vercel/vercel", "edge_config_item"),
        // edge_config_id L90, key L100, value L112, value_json L118; team_id (L92-L96) is not.
        source: at("vercel", "vercel/resource_edge_config_item.go", "L87-L118"),
    },
    // A token is issued once: its label, store and team all force a new one.
    "vercel:index/edgeConfigToken:EdgeConfigToken": {
        replaceOn: "any",
        docs: pulumi("vercel", "edgeconfigtoken"),
        upstream: tf("vercel/vercel", "edge_config_token"),
        // label L69, edge_config_id L77, team_id L83.
        source: at("vercel", "vercel/resource_edge_config_token.go", "L66-L83"),
    },
    "vercel:index/firewallConfig:FirewallConfig": {
        replaceOn: ["projectId", "teamId"],
        docs: pulumi("vercel", "firewallconfig"),
        upstream: tf("vercel/vercel", "firewall_config"),
        source: at("vercel", "vercel/resource_firewall_config.go", "L455-L464"),
    },
    "vercel:index/project:Project": {
        replaceOn: ["teamId"],
        docs: pulumi("vercel", "project"),
        upstream: tf("vercel/vercel", "project"),
        source: at("vercel", "vercel/resource_project.go", "L87-L90"),
    },
    "vercel:index/projectDeploymentRetention:ProjectDeploymentRetention": {
        replaceOn: ["projectId", "teamId"],
        docs: pulumi("vercel", "projectdeploymentretention"),
        upstream: tf("vercel/vercel", "project_deployment_retention"),
        source: at("vercel", "vercel/resource_project_deployment_retention.go", "L108-L117"),
    },
    "vercel:index/projectDomain:ProjectDomain": {
        replaceOn: ["projectId", "teamId", "domain"],
        docs: pulumi("vercel", "projectdomain"),
        upstream: tf("vercel/vercel", "project_domain"),
        // project_id L75, team_id L80, domain L90.
        source: at("vercel", "vercel/resource_project_domain.go", "L72-L90"),
    },
    // `targets` updates in place. Vercel refuses a second variable with the same key for a target
    // (ENV_CONFLICT; client/environment_variable.go L50-L62): a replacement that keeps the key (a change
    // of `sensitive`) must delete first.
    "vercel:index/projectEnvironmentVariable:ProjectEnvironmentVariable": {
        replaceOn: ["projectId", "teamId", "key", "customEnvironmentIds", "sensitive"],
        key: {
            inputs: ["projectId", "key"],
            what: "a variable's key for its targets in a project",
            conflict:
                "Vercel refuses the new variable while the old one holds the key for the target (ENV_CONFLICT), so the up fails",
            source: at("vercel", "client/environment_variable.go", "L50-L62"),
        },
        docs: pulumi("vercel", "projectenvironmentvariable"),
        upstream: tf("vercel/vercel", "project_environment_variable"),
        // custom_environment_ids L100, key L111, project_id L144, team_id L150, sensitive L161.
        source: at("vercel", "vercel/resource_project_environment_variable.go", "L95-L161"),
    },
};
