package org.ipaward.engine.expr;

/** The names an expression may use, with their types, as known when a policy is loaded. */
public interface Scope {
    /** What a bare name refers to. */
    enum Kind {
        FACT,
        PARAMETER
    }

    /** A name and its type, or {@code null} when the name is unknown. */
    record Symbol(Kind kind, Type type) {}

    Symbol resolve(String name);

    /** The type of a {@code subject.x} field, or {@code null} when there is no such field. */
    Type subjectField(String field);

    /** The values an enum fact or text field may take, or {@code null} when it is free text. */
    default java.util.Set<String> allowedValues(String name) {
        return null;
    }

    /**
     * Where a fact is held while a claim is evaluated: its position among the measure's facts in declaration
     * order, or -1 when unknown. Bound once, at compile time, so that evaluation reads a slot instead of
     * looking the name up; {@link EvalContext#fact(int, String)} checks the slot's name before trusting it.
     */
    default int factSlot(String name) {
        return -1;
    }

    /** A parameter's position among the policy's parameters in declaration order, or -1 when unknown. */
    default int parameterSlot(String name) {
        return -1;
    }
}
