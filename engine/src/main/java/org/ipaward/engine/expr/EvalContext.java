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
}
