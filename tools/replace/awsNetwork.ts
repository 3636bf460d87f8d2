/** AWS edge and network types in the replace table: ACM, EC2, load balancers, Route 53, VPC. */
import { aws, awsAt, REGION, ReplaceRule } from "./rule";

export const AWS_NETWORK: Readonly<Record<string, ReplaceRule>> = {
    "aws:acm/certificate:Certificate": {
        replaceOn: [
            REGION,
            "domainName",
            "subjectAlternativeNames",
            "validationMethod",
            "keyAlgorithm",
            "certificateAuthorityArn",
            "validationOptions",
        ],
        ...aws("acm/certificate", "acm_certificate"),
        // The nearest copy stored is a v6 one (@ArnIdentity); it predates private_key_wo(_version), which
        // only an imported certificate sets and the program never does.
        source: awsAt(
            "01661ea3cbe6b07ed725b03c587d24ceb464484a",
            "acm/certificate.go",
            "ForceNew: certificate_authority_arn, domain_name, key_algorithm, subject_alternative_names, validation_method, validation_option",
        ),
    },
    "aws:acm/certificateValidation:CertificateValidation": {
        replaceOn: "any",
        ...aws("acm/certificatevalidation", "acm_certificate_validation"),
        source: awsAt(
            "004eea7f9b6658d88d652e89e10c7520a10ad6b8",
            "acm/certificate_validation.go",
            "ForceNew: certificate_arn, validation_record_fqdns; no UpdateWithoutTimeout",
        ),
    },
    "aws:ec2/managedPrefixList:ManagedPrefixList": {
        replaceOn: [REGION, "addressFamily"],
        ...aws("ec2/managedprefixlist", "ec2_managed_prefix_list"),
        // The newest copy stored predates v6 (aws-sdk-go v1); two copies read agree.
        source: awsAt(
            "007fe432912e7ece32bf9ff5a3faa1c52ffdcc87",
            "ec2/vpc_managed_prefix_list.go",
            "ForceNew: address_family; name, entry and max_entries update in place",
        ),
    },
    "aws:ec2/securityGroup:SecurityGroup": {
        replaceOn: [REGION, "name", "namePrefix", "description", "vpcId"],
        ...aws("ec2/securitygroup", "security_group"),
        source: awsAt(
            "01606926a0c0ab9174aec440f976a48b0baee722",
            "ec2/vpc_security_group.go",
            "ForceNew: description, name, name_prefix, vpc_id; ingress and egress update in place",
        ),
    },
    "aws:lb/listener:Listener": {
        replaceOn: [REGION, "loadBalancerArn"],
        ...aws("lb/listener", "lb_listener"),
        // A later v6 copy stored without its commit (aws-sdk-go-v2; mutual_authentication, the
        // routing_http_* attributes, tcp_idle_timeout_seconds) marks load_balancer_arn alone too.
        source: awsAt(
            "01c08000ddb14181b5bd19201d8fca311dc570e4",
            "elbv2/listener.go",
            "ForceNew: load_balancer_arn; default_action, port, protocol, certificate and policies update (ModifyListener)",
        ),
    },
    "aws:lb/listenerRule:ListenerRule": {
        replaceOn: [REGION, "listenerArn"],
        ...aws("lb/listenerrule", "lb_listener_rule"),
        source: awsAt(
            "032c4f076a6cb8e54a85cb60f237cb80ab18b36b",
            "elbv2/listener_rule.go",
            "ForceNew: listener_arn; priority (ForceNew: false), action, condition and transform update in place",
        ),
    },
    // CustomizeDiff also replaces an application load balancer when a `subnetMappings` entry changes, and
    // a network one when subnets are removed or its security groups go from none to some or back; the
    // program's load balancer is an application one with `subnets`, which update in place.
    "aws:lb/loadBalancer:LoadBalancer": {
        replaceOn: [
            REGION,
            "name",
            "namePrefix",
            "internal",
            "loadBalancerType",
            "customerOwnedIpv4Pool",
        ],
        key: {
            inputs: ["name"],
            scope: [REGION],
            what: "a load balancer's name in its region",
            conflict:
                "the provider refuses to create the new load balancer while the old one of that type holds the name (ELBv2 Load Balancer already exists), so the up fails",
            source: awsAt(
                "00edc94be7a89c4c485415cdec27094875f61bfc",
                "elbv2/load_balancer.go",
                "resourceLoadBalancerCreate: findLoadBalancer by name, then an error if one of the same type exists",
            ),
        },
        ...aws("lb/loadbalancer", "lb"),
        source: awsAt(
            "00edc94be7a89c4c485415cdec27094875f61bfc",
            "elbv2/load_balancer.go",
            "ForceNew: customer_owned_ipv4_pool, internal, load_balancer_type, name, name_prefix; customizeDiffLoadBalancerALB/NLB ForceNew on subnet_mapping, subnets, security_groups changes",
        ),
    },
    "aws:lb/targetGroup:TargetGroup": {
        replaceOn: [
            REGION,
            "name",
            "namePrefix",
            "port",
            "protocol",
            "protocolVersion",
            "targetType",
            "vpcId",
            "ipAddressType",
        ],
        key: {
            inputs: ["name"],
            scope: [REGION],
            what: "a target group's name in its region",
            conflict:
                "the provider refuses to create the new group while the old one holds the name (ELBv2 Target Group already exists), so the up fails",
            source: awsAt(
                "013cfb4cddc9c44a28f34abad0c11768bcdb9b85",
                "elbv2/target_group.go",
                "resourceTargetGroupCreate: findTargetGroupByName, then an error if it exists",
            ),
        },
        ...aws("lb/targetgroup", "lb_target_group"),
        source: awsAt(
            "013cfb4cddc9c44a28f34abad0c11768bcdb9b85",
            "elbv2/target_group.go",
            "ForceNew: ip_address_type, name, name_prefix, port, protocol, protocol_version, target_type, vpc_id; CustomizeDiff only validates",
        ),
    },
    "aws:route53/healthCheck:HealthCheck": {
        replaceOn: [
            "type",
            "requestInterval",
            "measureLatency",
            "referenceName",
            "routingControlArn",
        ],
        ...aws("route53/healthcheck", "route53_health_check"),
        source: awsAt(
            "01606926a0c0ab9174aec440f976a48b0baee722",
            "route53/health_check.go",
            "ForceNew: measure_latency, reference_name, request_interval, routing_control_arn, type",
        ),
    },
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": {
        replaceOn: [REGION, "securityGroupId"],
        ...aws("vpc/securitygroupegressrule", "vpc_security_group_egress_rule"),
        // The egress rule embeds the shared rule resource (vpc_security_group_egress_rule.go at 050ac11),
        // whose schema is in the ingress file. Its ModifyPlan also replaces when the
        // source kind changes (cidrIpv4 / cidrIpv6 / prefixListId / referencedSecurityGroupId), which this
        // table cannot tell from a value change of one kind (that updates in place).
        source: awsAt(
            "d2b7f56a7c451244abd1e467109ba703bd9eedd3",
            "ec2/vpc_security_group_ingress_rule.go",
            "RequiresReplace: security_group_id; ModifyPlan RequiresReplace when the rule's source attribute changes",
        ),
    },
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": {
        replaceOn: [REGION, "securityGroupId"],
        ...aws("vpc/securitygroupingressrule", "vpc_security_group_ingress_rule"),
        // The schema is the shared securityGroupRuleResource's; its ModifyPlan also replaces when the
        // source kind changes (cidrIpv4 / cidrIpv6 / prefixListId / referencedSecurityGroupId), which this
        // table cannot tell from a value change of one kind (that updates in place).
        source: awsAt(
            "d2b7f56a7c451244abd1e467109ba703bd9eedd3",
            "ec2/vpc_security_group_ingress_rule.go",
            "RequiresReplace: security_group_id; ModifyPlan RequiresReplace when the rule's source attribute changes",
        ),
    },
};
