package org.ipaward.engine.expr;

import java.util.Set;

/**
 * A compiled, type-checked expression of a policy file. Immutable and thread-safe; evaluation reads only
 * the {@link EvalContext} and returns a {@link java.math.BigDecimal}, {@link Boolean}, {@link String},
 * {@link java.time.LocalDate}, {@link java.util.List} of strings, {@link java.util.Map} of decimals, or
 * {@link Missing} when a fact it needs is not stated.
 */
public abstract class Expr {
    private final Type type;

    protected Expr(Type type) {
        this.type = type;
    }

    public final Type type() {
        return type;
    }

    public abstract Object eval(EvalContext ctx);

    /** Adds the fact names this expression reads. */
    public abstract void collectFacts(Set<String> into);

    /** Compiles {@code source} against {@code scope}, requiring {@code expected} (or any type if null). */
    public static Expr compile(String source, Scope scope, Type expected) {
        Expr e = new Parser(source, scope).parseAll();
        if (expected != null && e.type() != expected) {
            throw new ExpressionException(
                    "expr.type-mismatch",
                    1,
                    "表达式“" + source + "”的类型为" + e.type().zh() + "，此处需要" + expected.zh() + " (expected " + expected
                            + ", got " + e.type() + ")");
        }
        return e;
    }
}
