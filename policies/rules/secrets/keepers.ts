import { SECRET_CLASSES, SecretClass } from "../../../model/rules";

/** The opsbook class a random resource's keepers declare, if any: only opsbook's secrets are judged. */
export function secretClassOf(
    keepers: Record<string, string> | undefined,
): SecretClass | undefined {
    const value = keepers?.class;
    return value !== undefined && Object.prototype.hasOwnProperty.call(SECRET_CLASSES, value)
        ? (value as SecretClass)
        : undefined;
}
