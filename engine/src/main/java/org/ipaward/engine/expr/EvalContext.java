package org.ipaward.engine.expr;

import java.time.LocalDate;

/** What an expression may read while it is evaluated: nothing but the claim, its subject and parameters. */
public interface EvalContext {
    /** A fact of the claim, or {@code null} when the claim does not state it. */
    Object fact(String name);

    /** A parameter's value in force at the calculation's as-of date. */
    Object parameter(String name);

    /** A parameter's value in force at {@code date}. */
    Object parameterAt(String name, LocalDate date);

    /** A field of the subject ({@code kind}, {@code mu_grade}, …), or {@code null} when not given. */
    Object subject(String field);

    /** The year of the matter the claim is for. */
    int claimYear();

    /**
     * A fact by its slot ({@link Scope#factSlot}) and name. A context that numbers the measure's facts the same
     * way reads the slot (after checking the name held there); the default looks the name up.
     */
    default Object fact(int slot, String name) {
        return fact(name);
    }

    /** A parameter at the as-of date by its slot ({@link Scope#parameterSlot}) and name; see {@link #fact(int, String)}. */
    default Object parameter(int slot, String name) {
        return parameter(name);
    }
}
