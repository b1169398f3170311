package org.ipaward.engine.expr;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ipaward.engine.internal.Whole;

/**
 * An expression compiled once more, for one measure, into a form the calculator's decision plan evaluates
 * without a context object: facts and parameters are read from arrays by slots resolved at compile time (not
 * checked by name on every read), and a value that would be {@link Missing} is the one shared {@link #MISSING}
 * instead of a set of names. Every node computes what its {@link Expr} counterpart computes — the same operations
 * on the same values, in the same order — and where that one would fail with an {@link EvaluationException} this
 * one throws {@link Defer}: the caller then evaluates the claim the generic way, which words the error.
 * Immutable and thread-safe.
 */
public final class Compiled {
    private Compiled() {}

    /** What an expression evaluates to when it would be {@link Missing}: the caller does not ask which names. */
    public static final Object MISSING = new Object() {
        @Override
        public String toString() {
            return "MISSING";
        }
    };

    /** The generic evaluation would fail here: evaluate the claim the generic way. Shared, without a stack. */
    public static final class Defer extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private Defer() {
            super("defer to the generic evaluation", null, false, false);
        }
    }

    /** The one deferral, thrown by the nodes and by callers that find a value the generic way would not accept. */
    public static final Defer DEFER = new Defer();

    /** Where a measure's expressions read: a fact's or parameter's slot by name, -1 when there is none. */
    public interface Slots {
        int fact(String name);

        int parameter(String name);
    }

    /** What one evaluation reads: the claim's typed facts, the parameters at the as-of date, the year, the subject. */
    public abstract static class Frame {
        protected final Object[] facts;
        protected final Object[] params;
        protected final int claimYear;

        protected Frame(Object[] facts, Object[] params, int claimYear) {
            this.facts = facts;
            this.params = params;
            this.claimYear = claimYear;
        }

        /**
         * A field of the subject, or {@code null} when not given ({@link EvalContext#subject}). The field's name is
         * interned: a frame may tell the usual ones by identity.
         */
        protected abstract Object subject(String field);

        /** A parameter's value in force at a date, or {@code null} ({@link EvalContext#parameterAt}). */
        protected abstract Object parameterAt(String name, LocalDate date);
    }

    /** A compiled expression. */
    public abstract static class Node {
        private Node() {}

        /** The value, or {@link #MISSING}; throws {@link Defer} where the generic evaluation throws. */
        public abstract Object eval(Frame f);

        /** A boolean's value as 1 (true), 0 (false) or -1 (missing). */
        public final int test(Frame f) {
            Object v = eval(f);
            return v == MISSING ? -1 : v == Boolean.TRUE || Boolean.TRUE.equals(v) ? 1 : 0;
        }
    }

    /** {@code e} compiled, or {@code null} when it holds a node this form does not cover (dated look-ups, dates). */
    public static Node compile(Expr e, Slots slots) {
        if (e instanceof Nodes.Const c) {
            return new Const(c.value());
        }
        if (e instanceof Nodes.FactRef r) {
            return new Fact(slots.fact(r.name()));
        }
        if (e instanceof Nodes.ParamRef r) {
            int slot = slots.parameter(r.name());
            return slot < 0 ? null : new Param(slot);
        }
        if (e instanceof Nodes.SubjectRef r) {
            return new Subject(r.field().intern());
        }
        if (e instanceof Nodes.ClaimYear) {
            return new ClaimYear();
        }
        if (e instanceof Nodes.Present p) {
            return new Present(slots.fact(p.fact()));
        }
        if (e instanceof Nodes.Arith a) {
            Node l = compile(a.left(), slots);
            Node r = compile(a.right(), slots);
            return l == null || r == null ? null : new Arith(a.op(), l, r);
        }
        if (e instanceof Nodes.Neg n) {
            Node o = compile(n.operand(), slots);
            return o == null ? null : new Neg(o);
        }
        if (e instanceof Nodes.Compare c) {
            Node special = compare(c, slots);
            if (special != null) {
                return special;
            }
            Node l = compile(c.left(), slots);
            Node r = compile(c.right(), slots);
            return l == null || r == null ? null : new Compare(c.op(), l, r);
        }
        if (e instanceof Nodes.Logic g) {
            Node l = compile(g.left(), slots);
            Node r = compile(g.right(), slots);
            return l == null || r == null ? null : new Logic(g.isAnd(), l, r);
        }
        if (e instanceof Nodes.Not n) {
            Node o = compile(n.operand(), slots);
            return o == null ? null : new Not(o);
        }
        if (e instanceof Nodes.In in) {
            Node el = compile(in.element(), slots);
            if (el != null
                    && in.list() instanceof Nodes.ListOf l
                    && l.constant() != null
                    && l.constant().size() < Nodes.In.SET_FROM) {
                return new InFew(el, l.constant().toArray());
            }
            Node li = compile(in.list(), slots);
            return el == null || li == null ? null : new In(el, li);
        }
        if (e instanceof Nodes.ListOf l) {
            Node[] items = compileAll(l.items(), slots);
            return items == null ? null : new ListOf(items, l.constant());
        }
        if (e instanceof Nodes.MinMax m) {
            Node[] args = compileAll(m.args(), slots);
            return args == null ? null : new MinMax(m.isMin(), args);
        }
        if (e instanceof Nodes.If i) {
            Node c = compile(i.cond(), slots);
            Node t = compile(i.then(), slots);
            Node o = compile(i.otherwise(), slots);
            return c == null || t == null || o == null ? null : new If(c, t, o);
        }
        if (e instanceof Nodes.At a) {
            Node d = compile(a.date(), slots);
            return d == null ? null : new At(a.parameter(), d);
        }
        if (e instanceof Nodes.MakeDate m) {
            Node y = compile(m.year(), slots);
            Node mo = m.month() == null ? new Const(BigDecimal.valueOf(12)) : compile(m.month(), slots);
            Node d = m.day() == null ? new Const(BigDecimal.valueOf(31)) : compile(m.day(), slots);
            return y == null || mo == null || d == null ? null : new MakeDate(y, mo, d);
        }
        if (e instanceof Nodes.Lookup l) {
            Node t = compile(l.table(), slots);
            Node k = compile(l.key(), slots);
            return t == null || k == null ? null : new Lookup(t, k, l.key() instanceof Nodes.Const);
        }
        return null;
    }

    /**
     * A comparison of the usual shapes compiled to one node, without a call per operand: a fact against a number
     * ({@code training_rate >= 100}), against a parameter ({@code annual_sales >= jd_intensive_min_sales}), and the
     * difference of two counts against a whole number ({@code invention_patents - invention_patents_prev_year >= 5},
     * on {@code long}s when the counts are small whole numbers, as {@link Nodes.Arith} computes them); else
     * {@code null}.
     */
    private static Node compare(Nodes.Compare c, Slots slots) {
        Expr l = c.left();
        Expr r = c.right();
        if (l instanceof Nodes.FactRef x && slots.fact(x.name()) >= 0) {
            if (r instanceof Nodes.Const k && k.value() instanceof BigDecimal d) {
                return new FactVsNumber(c.op(), slots.fact(x.name()), d);
            }
            if (r instanceof Nodes.ParamRef p && slots.parameter(p.name()) >= 0) {
                return new FactVsParam(c.op(), slots.fact(x.name()), slots.parameter(p.name()));
            }
        }
        if (l instanceof Nodes.Arith a
                && a.op() == '-'
                && a.left() instanceof Nodes.FactRef x
                && a.right() instanceof Nodes.FactRef y
                && slots.fact(x.name()) >= 0
                && slots.fact(y.name()) >= 0
                && r instanceof Nodes.Const k
                && k.value() instanceof BigDecimal d) {
            return new DifferenceVsNumber(c.op(), slots.fact(x.name()), slots.fact(y.name()), d);
        }
        return null;
    }

    private static final class FactVsNumber extends Node {
        private final int op;
        private final int slot;
        private final BigDecimal number;

        FactVsNumber(int op, int slot, BigDecimal number) {
            this.op = op;
            this.slot = slot;
            this.number = number;
        }

        @Override
        public Object eval(Frame f) {
            Object v = f.facts[slot];
            if (v == null) {
                return MISSING;
            }
            return v instanceof BigDecimal x
                    ? Nodes.Compare.apply(op, x.compareTo(number))
                    : Nodes.Compare.apply(op, v, number);
        }
    }

    private static final class FactVsParam extends Node {
        private final int op;
        private final int slot;
        private final int param;

        FactVsParam(int op, int slot, int param) {
            this.op = op;
            this.slot = slot;
            this.param = param;
        }

        @Override
        public Object eval(Frame f) {
            Object a = f.facts[slot];
            Object b = f.params[param];
            if (a == null || b == null) {
                return MISSING;
            }
            return a instanceof BigDecimal x && b instanceof BigDecimal y
                    ? Nodes.Compare.apply(op, x.compareTo(y))
                    : Nodes.Compare.apply(op, a, b);
        }
    }

    private static final class DifferenceVsNumber extends Node {
        private final int op;
        private final int minuend;
        private final int subtrahend;
        private final BigDecimal number;
        /** The number as a {@code long} when it is a whole number of at most 18 digits; else unused. */
        private final long whole;

        private final boolean isWhole;

        DifferenceVsNumber(int op, int minuend, int subtrahend, BigDecimal number) {
            this.op = op;
            this.minuend = minuend;
            this.subtrahend = subtrahend;
            this.number = number;
            BigDecimal n = number.stripTrailingZeros();
            this.isWhole = n.scale() <= 0 && n.precision() - n.scale() <= 18;
            this.whole = isWhole ? number.longValueExact() : 0;
        }

        @Override
        public Object eval(Frame f) {
            Object a = f.facts[minuend];
            Object b = f.facts[subtrahend];
            if (a == null || b == null) {
                return MISSING;
            }
            BigDecimal x = (BigDecimal) a;
            BigDecimal y = (BigDecimal) b;
            // Two small whole numbers (|x|, |y| < 10^17) subtract exactly in a long, and compare exactly with a whole
            // number of at most 18 digits: the sign Nodes.Arith's difference would give against it.
            if (isWhole && Whole.small(x) && Whole.small(y)) {
                return Nodes.Compare.apply(op, Long.compare(x.longValue() - y.longValue(), whole));
            }
            return Nodes.Compare.apply(op, Nodes.Arith.apply('-', x, y).compareTo(number));
        }
    }

    private static Node[] compileAll(List<Expr> exprs, Slots slots) {
        Node[] out = new Node[exprs.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = compile(exprs.get(i), slots);
            if (out[i] == null) {
                return null;
            }
        }
        return out;
    }

    private static final class Const extends Node {
        private final Object value;

        Const(Object value) {
            this.value = value;
        }

        @Override
        public Object eval(Frame f) {
            return value;
        }
    }

    private static final class Fact extends Node {
        private final int slot;

        Fact(int slot) {
            this.slot = slot;
        }

        @Override
        public Object eval(Frame f) {
            Object v = slot < 0 ? null : f.facts[slot];
            return v == null ? MISSING : v;
        }
    }

    private static final class Param extends Node {
        private final int slot;

        Param(int slot) {
            this.slot = slot;
        }

        @Override
        public Object eval(Frame f) {
            Object v = f.params[slot];
            return v == null ? MISSING : v;
        }
    }

    private static final class Subject extends Node {
        private final String field;

        Subject(String field) {
            this.field = field;
        }

        @Override
        public Object eval(Frame f) {
            Object v = f.subject(field);
            return v == null ? MISSING : v;
        }
    }

    private static final class ClaimYear extends Node {
        @Override
        public Object eval(Frame f) {
            return BigDecimal.valueOf(f.claimYear);
        }
    }

    private static final class Present extends Node {
        private final int slot;

        Present(int slot) {
            this.slot = slot;
        }

        @Override
        public Object eval(Frame f) {
            return slot >= 0 && f.facts[slot] != null;
        }
    }

    private static final class Arith extends Node {
        private final char op;
        private final Node left;
        private final Node right;

        Arith(char op, Node left, Node right) {
            this.op = op;
            this.left = left;
            this.right = right;
        }

        @Override
        public Object eval(Frame f) {
            Object a = left.eval(f);
            Object b = right.eval(f);
            if (a == MISSING || b == MISSING) {
                return MISSING;
            }
            BigDecimal v = Nodes.Arith.apply(op, (BigDecimal) a, (BigDecimal) b);
            if (v == null) {
                throw DEFER;
            }
            return v;
        }
    }

    private static final class Neg extends Node {
        private final Node operand;

        Neg(Node operand) {
            this.operand = operand;
        }

        @Override
        public Object eval(Frame f) {
            Object a = operand.eval(f);
            return a instanceof BigDecimal d ? d.negate() : a;
        }
    }

    private static final class Compare extends Node {
        private final int op;
        private final Node left;
        private final Node right;

        Compare(int op, Node left, Node right) {
            this.op = op;
            this.left = left;
            this.right = right;
        }

        @Override
        public Object eval(Frame f) {
            Object a = left.eval(f);
            Object b = right.eval(f);
            if (a == MISSING || b == MISSING) {
                return MISSING;
            }
            return Nodes.Compare.apply(op, a, b);
        }
    }

    private static final class Logic extends Node {
        private final boolean isAnd;
        private final Node left;
        private final Node right;

        Logic(boolean isAnd, Node left, Node right) {
            this.isAnd = isAnd;
            this.left = left;
            this.right = right;
        }

        @Override
        public Object eval(Frame f) {
            Object a = left.eval(f);
            if (a instanceof Boolean x && x != isAnd) {
                return x;
            }
            Object b = right.eval(f);
            if (b instanceof Boolean y && y != isAnd) {
                return y;
            }
            if (a == MISSING || b == MISSING) {
                return MISSING;
            }
            return isAnd;
        }
    }

    private static final class Not extends Node {
        private final Node operand;

        Not(Node operand) {
            this.operand = operand;
        }

        @Override
        public Object eval(Frame f) {
            Object a = operand.eval(f);
            return a instanceof Boolean b ? !b : a;
        }
    }

    private static final class In extends Node {
        private final Node element;
        private final Node list;
        /** The last long list seen and its set, as {@link Nodes.In} keeps it. */
        private volatile Indexed indexed;

        private record Indexed(List<?> list, Set<?> set) {}

        In(Node element, Node list) {
            this.element = element;
            this.list = list;
        }

        @Override
        public Object eval(Frame f) {
            Object e = element.eval(f);
            Object l = list.eval(f);
            if (e == MISSING || l == MISSING) {
                return MISSING;
            }
            List<?> items = (List<?>) l;
            if (items.size() < Nodes.In.SET_FROM) {
                return items.contains(e);
            }
            Indexed ix = indexed;
            if (ix == null || ix.list() != items) {
                ix = new Indexed(items, new java.util.HashSet<>(items));
                indexed = ix;
            }
            return ix.set().contains(e);
        }
    }

    /**
     * An element among a few constants ({@code outcome in ['infringement_found', 'no_infringement']}): compared one
     * by one, as {@link List#contains} compares them ({@code element.equals(item)}), without a call on the list.
     */
    private static final class InFew extends Node {
        private final Node element;
        private final Object[] items;

        InFew(Node element, Object[] items) {
            this.element = element;
            this.items = items;
        }

        @Override
        public Object eval(Frame f) {
            Object e = element.eval(f);
            if (e == MISSING) {
                return MISSING;
            }
            for (Object item : items) {
                if (e.equals(item)) {
                    return Boolean.TRUE;
                }
            }
            return Boolean.FALSE;
        }
    }

    private static final class ListOf extends Node {
        private final Node[] items;
        private final List<Object> constant;

        ListOf(Node[] items, List<Object> constant) {
            this.items = items;
            this.constant = constant;
        }

        @Override
        public Object eval(Frame f) {
            if (constant != null) {
                return constant;
            }
            Object[] out = new Object[items.length];
            for (int i = 0; i < out.length; i++) {
                Object v = items[i].eval(f);
                if (v == MISSING) {
                    return v;
                }
                out[i] = v;
            }
            return List.of(out);
        }
    }

    private static final class MinMax extends Node {
        private final boolean isMin;
        private final Node[] args;

        MinMax(boolean isMin, Node[] args) {
            this.isMin = isMin;
            this.args = args;
        }

        @Override
        public Object eval(Frame f) {
            BigDecimal best = null;
            boolean missing = false;
            for (Node arg : args) {
                Object v = arg.eval(f);
                if (v == MISSING) {
                    missing = true;
                    continue;
                }
                BigDecimal d = (BigDecimal) v;
                if (best == null || (isMin ? d.compareTo(best) < 0 : d.compareTo(best) > 0)) {
                    best = d;
                }
            }
            return missing ? MISSING : best;
        }
    }

    private static final class If extends Node {
        private final Node cond;
        private final Node then;
        private final Node otherwise;

        If(Node cond, Node then, Node otherwise) {
            this.cond = cond;
            this.then = then;
            this.otherwise = otherwise;
        }

        @Override
        public Object eval(Frame f) {
            Object c = cond.eval(f);
            if (c == MISSING) {
                return c;
            }
            return ((Boolean) c) ? then.eval(f) : otherwise.eval(f);
        }
    }

    private static final class At extends Node {
        private final String parameter;
        private final Node date;

        At(String parameter, Node date) {
            this.parameter = parameter;
            this.date = date;
        }

        @Override
        public Object eval(Frame f) {
            Object d = date.eval(f);
            if (d == MISSING) {
                return d;
            }
            Object v = f.parameterAt(parameter, (LocalDate) d);
            return v == null ? MISSING : v;
        }
    }

    private static final class MakeDate extends Node {
        private final Node year;
        private final Node month;
        private final Node day;

        MakeDate(Node year, Node month, Node day) {
            this.year = year;
            this.month = month;
            this.day = day;
        }

        @Override
        public Object eval(Frame f) {
            Object y = year.eval(f);
            Object m = month.eval(f);
            Object d = day.eval(f);
            if (y == MISSING || m == MISSING || d == MISSING) {
                return MISSING;
            }
            try {
                return LocalDate.of(
                        ((BigDecimal) y).intValueExact(),
                        ((BigDecimal) m).intValueExact(),
                        ((BigDecimal) d).intValueExact());
            } catch (ArithmeticException | java.time.DateTimeException e) {
                throw DEFER;
            }
        }
    }

    private static final class Lookup extends Node {
        private final Node table;
        private final Node key;
        /** Whether the key is a constant (a tier's amount): then the value found is kept with its table. */
        private final boolean constantKey;
        /**
         * For a constant key, the last table looked up and the value found: a table parameter is the same map claim
         * after claim. Immutable, replaced whole (only when the table changes, so threads rarely write it).
         */
        private volatile Found last;

        private record Found(Object table, Object value) {}

        Lookup(Node table, Node key, boolean constantKey) {
            this.table = table;
            this.key = key;
            this.constantKey = constantKey;
        }

        @Override
        public Object eval(Frame f) {
            Object t = table.eval(f);
            Object k = key.eval(f);
            if (t == MISSING || k == MISSING) {
                return MISSING;
            }
            Found last = constantKey ? this.last : null;
            if (last != null && last.table() == t) {
                return last.value();
            }
            Object v = ((Map<?, ?>) t).get(k);
            if (v == null) {
                throw DEFER;
            }
            if (constantKey) {
                this.last = new Found(t, v);
            }
            return v;
        }
    }
}
