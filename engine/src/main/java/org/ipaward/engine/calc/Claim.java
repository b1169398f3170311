package org.ipaward.engine.calc;

import java.util.List;
import java.util.Map;

/**
 * One claim: a measure of a policy, the year of the matter, and the facts stated for it. Fact values are
 * strings, decimals, booleans or lists as read from JSON or YAML; the calculator checks them against the
 * measure's declarations. {@code materials} lists the materials attached, or is {@code null} when not stated.
 */
public record Claim(
        String id,
        String policy,
        String measure,
        int year,
        Map<String, Object> facts,
        List<String> materials,
        CityAward cityAward) {

    public Claim {
        facts = facts == null ? Map.of() : facts;
    }
}
