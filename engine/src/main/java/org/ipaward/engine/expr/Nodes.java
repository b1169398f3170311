package org.ipaward.engine.expr;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ipaward.engine.internal.Whole;

/** The expression tree's node kinds. Every node is immutable. */
final class Nodes {
    private Nodes() {}

    static final class Const extends Expr {
        private final Object value;

        Const(Object value, Type type) {
            super(type);
            this.value = value;
        }

        Object value() {
            return value;
        }

        @Override
        public Object eval(EvalContext ctx) {
            return value;
        }

        @Override
        public void collectFacts(Set<String> into) {}
    }

    static final class FactRef extends Expr {
        private final String name;
        private final int slot;
        private final Missing missing;

        FactRef(String name, Type type, int slot) {
            super(type);
            this.name = name;
            this.slot = slot;
            this.missing = Missing.of(name);
        }

        String name() {
            return name;
        }

        @Override
        public Object eval(EvalContext ctx) {
            Object v = ctx.fact(slot, name);
            return v == null ? missing : v;
        }

        @Override
        public void collectFacts(Set<String> into) {
            into.add(name);
        }
    }

    static final class ParamRef extends Expr {
        private final String name;
        private final int slot;
        private final Missing missing;

        ParamRef(String name, Type type, int slot) {
            super(type);
            this.name = name;
            this.slot = slot;
            this.missing = Missing.of("parameter:" + name);
        }

        String name() {
            return name;
        }

        @Override
        public Object eval(EvalContext ctx) {
            Object v = ctx.parameter(slot, name);
            return v == null ? missing : v;
        }

        @Override
        public void collectFacts(Set<String> into) {}
    }

    static final class SubjectRef extends Expr {
        private final String field;
        private final Missing missing;

        SubjectRef(String field, Type type) {
            super(type);
            this.field = field;
            this.missing = Missing.of("subject." + field);
        }

        String field() {
            return field;
        }

        @Override
        public Object eval(EvalContext ctx) {
            Object v = ctx.subject(field);
            return v == null ? missing : v;
        }

        @Override
        public void collectFacts(Set<String> into) {}
    }

    static final class ClaimYear extends Expr {
        ClaimYear() {
            super(Type.NUMBER);
        }

        @Override
        public Object eval(EvalContext ctx) {
            return BigDecimal.valueOf(ctx.claimYear());
        }

        @Override
        public void collectFacts(Set<String> into) {}
    }

    static final class Arith extends Expr {
        private final char op;
        private final Expr left;
        private final Expr right;

        Arith(char op, Expr left, Expr right) {
            super(Type.NUMBER);
            this.op = op;
            this.left = left;
            this.right = right;
        }

        @Override
        public Object eval(EvalContext ctx) {
            Object a = left.eval(ctx);
            Object b = right.eval(ctx);
            if (a instanceof Missing || b instanceof Missing) {
                return Missing.merge(a, b);
            }
            BigDecimal v = apply(op, (BigDecimal) a, (BigDecimal) b);
            if (v == null) {
                throw new EvaluationException("expr.division-by-zero", "除数为零 (division by zero)");
            }
            return v;
        }

        char op() {
            return op;
        }

        Expr left() {
            return left;
        }

        Expr right() {
            return right;
        }

        /** {@code x op y}, or {@code null} for a division by zero. Shared with {@link Compiled}. */
        static BigDecimal apply(char op, BigDecimal x, BigDecimal y) {
            // Counts added or subtracted (invention_patents - invention_patents_prev_year): exact in a long, and a
            // small result is a BigDecimal made once — the same value and scale as BigDecimal's own sum.
            if ((op == '+' || op == '-') && Whole.small(x) && Whole.small(y)) {
                return Whole.of(op == '+' ? x.longValue() + y.longValue() : x.longValue() - y.longValue());
            }
            switch (op) {
                case '+':
                    return x.add(y);
                case '-':
                    return x.subtract(y);
                case '*':
                    return x.multiply(y);
                default:
                    return y.signum() == 0 ? null : x.divide(y, MathContext.DECIMAL128);
            }
        }

        @Override
        public void collectFacts(Set<String> into) {
            left.collectFacts(into);
            right.collectFacts(into);
        }
    }

    static final class Neg extends Expr {
        private final Expr operand;

        Neg(Expr operand) {
            super(Type.NUMBER);
            this.operand = operand;
        }

        @Override
        public Object eval(EvalContext ctx) {
            Object a = operand.eval(ctx);
            return a instanceof BigDecimal d ? d.negate() : a;
        }

        Expr operand() {
            return operand;
        }

        @Override
        public void collectFacts(Set<String> into) {
            operand.collectFacts(into);
        }
    }

    static final class Compare extends Expr {
        private static final int EQ = 0;
        private static final int NE = 1;
        private static final int LT = 2;
        private static final int LE = 3;
        private static final int GT = 4;
        private static final int GE = 5;

        /** The operator, decoded once rather than compared as a string on every evaluation. */
        private final int op;

        private final Expr left;
        private final Expr right;

        Compare(String op, Expr left, Expr right) {
            super(Type.BOOLEAN);
            switch (op) {
                case "==":
                    this.op = EQ;
                    break;
                case "!=":
                    this.op = NE;
                    break;
                case "<":
                    this.op = LT;
                    break;
                case "<=":
                    this.op = LE;
                    break;
                case ">":
                    this.op = GT;
                    break;
                case ">=":
                    this.op = GE;
                    break;
                default:
                    throw new IllegalArgumentException("not a comparison: " + op);
            }
            this.left = left;
            this.right = right;
        }

        @Override
        public Object eval(EvalContext ctx) {
            Object a = left.eval(ctx);
            Object b = right.eval(ctx);
            if (a instanceof Missing || b instanceof Missing) {
                return Missing.merge(a, b);
            }
            return apply(op, a, b);
        }

        int op() {
            return op;
        }

        Expr left() {
            return left;
        }

        Expr right() {
            return right;
        }

        /** {@code a op b} of two present values. Shared with {@link Compiled}. */
        static Boolean apply(int op, Object a, Object b) {
            int c;
            if (a instanceof BigDecimal x) {
                c = x.compareTo((BigDecimal) b);
            } else if (a instanceof LocalDate x) {
                c = x.compareTo((LocalDate) b);
            } else {
                boolean eq = a.equals(b);
                return (op == EQ) == eq;
            }
            return apply(op, c);
        }

        /** Whether {@code c}, the sign of a comparison, satisfies {@code op}. */
        static boolean apply(int op, int c) {
            switch (op) {
                case EQ:
                    return c == 0;
                case NE:
                    return c != 0;
                case LT:
                    return c < 0;
                case LE:
                    return c <= 0;
                case GT:
                    return c > 0;
                default:
                    return c >= 0;
            }
        }

        @Override
        public void collectFacts(Set<String> into) {
            left.collectFacts(into);
            right.collectFacts(into);
        }
    }

    /** Kleene logic: a missing operand is unknown unless the other operand decides the result. */
    static final class Logic extends Expr {
        private final boolean isAnd;
        private final Expr left;
        private final Expr right;

        Logic(boolean isAnd, Expr left, Expr right) {
            super(Type.BOOLEAN);
            this.isAnd = isAnd;
            this.left = left;
            this.right = right;
        }

        @Override
        public Object eval(EvalContext ctx) {
            Object a = left.eval(ctx);
            if (a instanceof Boolean x && x != isAnd) {
                return x;
            }
            Object b = right.eval(ctx);
            if (b instanceof Boolean y && y != isAnd) {
                return y;
            }
            if (a instanceof Missing || b instanceof Missing) {
                return Missing.merge(a, b);
            }
            return isAnd;
        }

        boolean isAnd() {
            return isAnd;
        }

        Expr left() {
            return left;
        }

        Expr right() {
            return right;
        }

        @Override
        public void collectFacts(Set<String> into) {
            left.collectFacts(into);
            right.collectFacts(into);
        }
    }

    static final class Not extends Expr {
        private final Expr operand;

        Not(Expr operand) {
            super(Type.BOOLEAN);
            this.operand = operand;
        }

        @Override
        public Object eval(EvalContext ctx) {
            Object a = operand.eval(ctx);
            return a instanceof Boolean b ? !b : a;
        }

        Expr operand() {
            return operand;
        }

        @Override
        public void collectFacts(Set<String> into) {
            operand.collectFacts(into);
        }
    }

    static final class In extends Expr {
        /** Lists shorter than this are scanned; longer ones are looked up in a set made once per list. */
        static final int SET_FROM = 8;

        private final Expr element;
        private final Expr list;
        /** The last long list seen and its set; immutable, replaced whole, so racing threads see either pair. */
        private volatile Indexed indexed;

        private record Indexed(List<?> list, Set<?> set) {}

        In(Expr element, Expr list) {
            super(Type.BOOLEAN);
            this.element = element;
            this.list = list;
        }

        Expr element() {
            return element;
        }

        Expr list() {
            return list;
        }

        @Override
        public Object eval(EvalContext ctx) {
            Object e = element.eval(ctx);
            Object l = list.eval(ctx);
            if (e instanceof Missing || l instanceof Missing) {
                return Missing.merge(e, l);
            }
            List<?> items = (List<?>) l;
            if (items.size() < SET_FROM) {
                return items.contains(e);
            }
            // A parameter's list is the same object claim after claim: index it once.
            Indexed ix = indexed;
            if (ix == null || ix.list() != items) {
                ix = new Indexed(items, new java.util.HashSet<>(items));
                indexed = ix;
            }
            return ix.set().contains(e);
        }

        @Override
        public void collectFacts(Set<String> into) {
            element.collectFacts(into);
            list.collectFacts(into);
        }
    }

    static final class ListOf extends Expr {
        private final List<Expr> items;

        /** The value when every item is a constant, made once; else {@code null}. */
        private final List<Object> constant;

        ListOf(List<Expr> items) {
            super(Type.LIST);
            this.items = List.copyOf(items);
            Object[] values = new Object[this.items.size()];
            boolean allConst = true;
            for (int i = 0; i < values.length && allConst; i++) {
                allConst = this.items.get(i) instanceof Const c && c.value() != null;
                values[i] = allConst ? ((Const) this.items.get(i)).value() : null;
            }
            this.constant = allConst ? List.of(values) : null;
        }

        List<Expr> items() {
            return items;
        }

        /** The value when every item is a constant, else {@code null}. */
        List<Object> constant() {
            return constant;
        }

        @Override
        public Object eval(EvalContext ctx) {
            if (constant != null) {
                return constant;
            }
            Object[] out = new Object[items.size()];
            for (int i = 0; i < out.length; i++) {
                Object v = items.get(i).eval(ctx);
                if (v instanceof Missing) {
                    return v;
                }
                out[i] = v;
            }
            return List.of(out);
        }

        @Override
        public void collectFacts(Set<String> into) {
            items.forEach(i -> i.collectFacts(into));
        }
    }

    static final class MinMax extends Expr {
        private final boolean isMin;
        private final List<Expr> args;

        MinMax(boolean isMin, List<Expr> args) {
            super(Type.NUMBER);
            this.isMin = isMin;
            this.args = List.copyOf(args);
        }

        boolean isMin() {
            return isMin;
        }

        List<Expr> args() {
            return args;
        }

        @Override
        public Object eval(EvalContext ctx) {
            BigDecimal best = null;
            Object missing = null;
            for (Expr arg : args) {
                Object v = arg.eval(ctx);
                if (v instanceof Missing) {
                    missing = missing == null ? v : Missing.merge(missing, v);
                    continue;
                }
                BigDecimal d = (BigDecimal) v;
                if (best == null || (isMin ? d.compareTo(best) < 0 : d.compareTo(best) > 0)) {
                    best = d;
                }
            }
            return missing != null ? missing : best;
        }

        @Override
        public void collectFacts(Set<String> into) {
            args.forEach(a -> a.collectFacts(into));
        }
    }

    static final class If extends Expr {
        private final Expr cond;
        private final Expr then;
        private final Expr otherwise;

        If(Expr cond, Expr then, Expr otherwise) {
            super(then.type());
            this.cond = cond;
            this.then = then;
            this.otherwise = otherwise;
        }

        Expr cond() {
            return cond;
        }

        Expr then() {
            return then;
        }

        Expr otherwise() {
            return otherwise;
        }

        @Override
        public Object eval(EvalContext ctx) {
            Object c = cond.eval(ctx);
            if (c instanceof Missing) {
                return c;
            }
            return ((Boolean) c) ? then.eval(ctx) : otherwise.eval(ctx);
        }

        @Override
        public void collectFacts(Set<String> into) {
            cond.collectFacts(into);
            then.collectFacts(into);
            otherwise.collectFacts(into);
        }
    }

    static final class Lookup extends Expr {
        private final Expr table;
        private final Expr key;

        Lookup(Expr table, Expr key) {
            super(Type.NUMBER);
            this.table = table;
            this.key = key;
        }

        Expr table() {
            return table;
        }

        Expr key() {
            return key;
        }

        @Override
        public Object eval(EvalContext ctx) {
            Object t = table.eval(ctx);
            Object k = key.eval(ctx);
            if (t instanceof Missing || k instanceof Missing) {
                return Missing.merge(t, k);
            }
            Object v = ((Map<?, ?>) t).get(k);
            if (v == null) {
                throw new EvaluationException("expr.lookup-no-key", "表中没有键“" + k + "” (no entry for key '" + k + "')");
            }
            return v;
        }

        @Override
        public void collectFacts(Set<String> into) {
            table.collectFacts(into);
            key.collectFacts(into);
        }
    }

    static final class At extends Expr {
        private final String parameter;
        private final Expr date;

        At(String parameter, Type type, Expr date) {
            super(type);
            this.parameter = parameter;
            this.date = date;
        }

        String parameter() {
            return parameter;
        }

        Expr date() {
            return date;
        }

        @Override
        public Object eval(EvalContext ctx) {
            Object d = date.eval(ctx);
            if (d instanceof Missing) {
                return d;
            }
            Object v = ctx.parameterAt(parameter, (LocalDate) d);
            return v == null ? Missing.of("parameter:" + parameter + "@" + d) : v;
        }

        @Override
        public void collectFacts(Set<String> into) {
            date.collectFacts(into);
        }
    }

    static final class MakeDate extends Expr {
        private final Expr year;
        private final Expr month;
        private final Expr day;

        MakeDate(Expr year, Expr month, Expr day) {
            super(Type.DATE);
            this.year = year;
            this.month = month;
            this.day = day;
        }

        Expr year() {
            return year;
        }

        /** The month, or {@code null} for December (with the 31st). */
        Expr month() {
            return month;
        }

        Expr day() {
            return day;
        }

        @Override
        public Object eval(EvalContext ctx) {
            Object y = year.eval(ctx);
            Object m = month == null ? BigDecimal.valueOf(12) : month.eval(ctx);
            Object d = day == null ? BigDecimal.valueOf(31) : day.eval(ctx);
            if (y instanceof Missing || m instanceof Missing || d instanceof Missing) {
                return Missing.merge(Missing.merge(y, m), d);
            }
            try {
                return LocalDate.of(
                        ((BigDecimal) y).intValueExact(),
                        ((BigDecimal) m).intValueExact(),
                        ((BigDecimal) d).intValueExact());
            } catch (ArithmeticException | java.time.DateTimeException e) {
                throw new EvaluationException("expr.bad-date", "无效日期 " + y + "-" + m + "-" + d + " (invalid date)");
            }
        }

        @Override
        public void collectFacts(Set<String> into) {
            year.collectFacts(into);
            if (month != null) {
                month.collectFacts(into);
                day.collectFacts(into);
            }
        }
    }

    static final class Present extends Expr {
        private final String fact;
        private final int slot;

        Present(String fact, int slot) {
            super(Type.BOOLEAN);
            this.fact = fact;
            this.slot = slot;
        }

        String fact() {
            return fact;
        }

        @Override
        public Object eval(EvalContext ctx) {
            return ctx.fact(slot, fact) != null;
        }

        @Override
        public void collectFacts(Set<String> into) {}
    }
}
