package org.ipaward.engine.internal;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.ipaward.engine.expr.EvalContext;
import org.ipaward.engine.expr.Expr;
import org.ipaward.engine.model.Parameter;

/**
 * Evaluates expressions that need no claim: parameters (at a date, or their latest value when the date
 * is {@code null}) and, when given, a subject's fields. Used to check caps at load and to bound amounts
 * when matching a profile.
 */
public final class FactFreeContext implements EvalContext {
    private final Map<String, Parameter> parameters;
    private final LocalDate asOf;
    private final Function<String, Object> subject;
    private final int claimYear;

    public FactFreeContext(
            Map<String, Parameter> parameters, LocalDate asOf, Function<String, Object> subject, int claimYear) {
        this.parameters = parameters;
        this.asOf = asOf;
        this.subject = subject;
        this.claimYear = claimYear;
    }

    /** The value, or {@code null} when the expression needs a fact or cannot be evaluated. */
    public Object value(Expr e) {
        try {
            return e.eval(this);
        } catch (RuntimeException ex) {
            return null;
        }
    }

    public BigDecimal number(Expr e) {
        return value(e) instanceof BigDecimal d ? d : null;
    }

    /** The least (or, with {@code most}, the greatest) of the values, or {@code null} if any is unknown. */
    public BigDecimal extreme(List<Expr> es, boolean most) {
        BigDecimal out = null;
        for (Expr e : es) {
            BigDecimal d = number(e);
            if (d == null) {
                return null;
            }
            out = out == null || (most ? d.compareTo(out) > 0 : d.compareTo(out) < 0) ? d : out;
        }
        return out;
    }

    @Override
    public Object fact(String name) {
        return null;
    }

    @Override
    public Object parameter(String name) {
        Parameter p = parameters.get(name);
        if (p == null) {
            return null;
        }
        return asOf == null ? p.values().lastEntry().getValue() : p.valueAt(asOf);
    }

    @Override
    public Object parameterAt(String name, LocalDate date) {
        Parameter p = parameters.get(name);
        return p == null ? null : p.valueAt(date);
    }

    @Override
    public Object subject(String field) {
        return subject == null ? null : subject.apply(field);
    }

    @Override
    public int claimYear() {
        return claimYear;
    }
}
