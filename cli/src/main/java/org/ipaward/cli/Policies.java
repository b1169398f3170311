package org.ipaward.cli;

import org.ipaward.engine.model.Policy;

/** Small helpers on loaded policies. */
final class Policies {
    private Policies() {}

    /** The same policy under another id: a draft replayed in place of the version it drafts. */
    static Policy withId(Policy p, String id) {
        return new Policy(
                id,
                p.title(),
                p.authority(),
                p.region(),
                p.documentNumber(),
                p.published(),
                p.effectiveFrom(),
                p.effectiveTo(),
                p.status(),
                p.source(),
                p.rounding(),
                p.matterYearOffset(),
                p.cite(),
                p.effectiveCite(),
                p.applicants(),
                p.materials(),
                p.parameters(),
                p.interpretations(),
                p.measures(),
                p.adjustments(),
                p.stacking(),
                p.indicators(),
                p.file());
    }
}
