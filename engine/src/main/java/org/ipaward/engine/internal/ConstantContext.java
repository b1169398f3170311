package org.ipaward.engine.internal;

import java.time.LocalDate;
import java.util.Map;
import org.ipaward.engine.expr.EvalContext;
import org.ipaward.engine.model.Parameter;

/** Evaluates fact-free expressions at load time, taking each parameter's latest value. */
final class ConstantContext implements EvalContext {
    private final Map<String, Parameter> parameters;

    ConstantContext(Map<String, Parameter> parameters) {
        this.parameters = parameters;
    }

    @Override
    public Object fact(String name) {
        return null;
    }

    @Override
    public Object parameter(String name) {
        Parameter p = parameters.get(name);
        return p == null ? null : p.values().lastEntry().getValue();
    }

    @Override
    public Object parameterAt(String name, LocalDate date) {
        Parameter p = parameters.get(name);
        return p == null ? null : p.valueAt(date);
    }

    @Override
    public Object subject(String field) {
        return null;
    }

    @Override
    public int claimYear() {
        return 0;
    }
}
