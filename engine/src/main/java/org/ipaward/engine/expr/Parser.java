package org.ipaward.engine.expr;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** A recursive-descent parser that type-checks as it builds the tree. */
final class Parser {
    private final String src;
    private final Scope scope;
    private int pos;
    /** How deeply the expression nests; bounded so that no text can overflow the stack. */
    private int depth;

    static final int MAX_DEPTH = 100;

    Parser(String src, Scope scope) {
        this.src = src;
        this.scope = scope;
    }

    Expr parseAll() {
        Expr e = parseOr();
        skipSpace();
        if (pos < src.length()) {
            throw error("expr.syntax", "多余的内容“" + src.substring(pos) + "” (unexpected text)");
        }
        return e;
    }

    private Expr parseOr() {
        if (++depth > MAX_DEPTH) {
            throw error("expr.too-deep", "表达式嵌套超过 " + MAX_DEPTH + " 层 (nested too deeply)");
        }
        try {
            return parseOrAtDepth();
        } finally {
            depth--;
        }
    }

    private Expr parseOrAtDepth() {
        Expr left = parseAnd();
        while (keyword("or")) {
            left = new Nodes.Logic(false, need(left, Type.BOOLEAN, "or"), need(parseAnd(), Type.BOOLEAN, "or"));
        }
        return left;
    }

    private Expr parseAnd() {
        Expr left = parseNot();
        while (keyword("and")) {
            left = new Nodes.Logic(true, need(left, Type.BOOLEAN, "and"), need(parseNot(), Type.BOOLEAN, "and"));
        }
        return left;
    }

    private Expr parseNot() {
        if (keyword("not")) {
            if (++depth > MAX_DEPTH) {
                throw error("expr.too-deep", "表达式嵌套超过 " + MAX_DEPTH + " 层 (nested too deeply)");
            }
            try {
                return new Nodes.Not(need(parseNot(), Type.BOOLEAN, "not"));
            } finally {
                depth--;
            }
        }
        return parseComparison();
    }

    private Expr parseComparison() {
        int at = pos;
        Expr left = parseSum();
        if (keyword("in")) {
            Expr list = need(parseSum(), Type.LIST, "in");
            if (left.type() != Type.TEXT) {
                throw error("expr.type-mismatch", "in 左侧须为文本 (left of 'in' must be text)");
            }
            if (list instanceof Nodes.ListOf items) {
                items.items().forEach(item -> checkLiteral(left, item, at));
            }
            return new Nodes.In(left, list);
        }
        skipSpace();
        for (String op : new String[] {"==", "!=", "<=", ">=", "<", ">"}) {
            if (src.startsWith(op, pos)) {
                pos += op.length();
                Expr right = parseSum();
                checkComparable(op, left, right, at);
                checkLiteral(left, right, at);
                checkLiteral(right, left, at);
                return new Nodes.Compare(op, left, right);
            }
        }
        return left;
    }

    /** A text literal compared with an enum fact or a switch must be one of its values: a typo never silently fails. */
    private void checkLiteral(Expr ref, Expr literal, int at) {
        String name = ref instanceof Nodes.FactRef f ? f.name() : ref instanceof Nodes.ParamRef p ? p.name() : null;
        if (name == null || !(literal instanceof Nodes.Const c) || !(c.value() instanceof String s)) {
            return;
        }
        java.util.Set<String> allowed = scope.allowedValues(name);
        if (allowed != null && !allowed.contains(s)) {
            throw new ExpressionException(
                    "expr.unknown-value",
                    at + 1,
                    "“" + s + "”不是“" + name + "”的可选值，可选：" + allowed + " (not an allowed value)");
        }
    }

    private void checkComparable(String op, Expr left, Expr right, int at) {
        if (left.type() != right.type()) {
            throw new ExpressionException(
                    "expr.type-mismatch",
                    at + 1,
                    "不能比较" + left.type().zh() + "与" + right.type().zh() + " (cannot compare " + left.type() + " with "
                            + right.type() + ")");
        }
        boolean ordered = left.type() == Type.NUMBER || left.type() == Type.DATE;
        if (!ordered && !(op.equals("==") || op.equals("!="))) {
            throw new ExpressionException(
                    "expr.type-mismatch", at + 1, left.type().zh() + "只能比较相等 (only == and != apply)");
        }
        if (left.type() != Type.TEXT && left.type() != Type.BOOLEAN && !ordered) {
            throw new ExpressionException(
                    "expr.type-mismatch", at + 1, left.type().zh() + "不能比较 (cannot be compared)");
        }
    }

    private Expr parseSum() {
        Expr left = parseProduct();
        while (true) {
            skipSpace();
            if (peek('+') || peek('-')) {
                char op = src.charAt(pos++);
                left = new Nodes.Arith(
                        op, need(left, Type.NUMBER, String.valueOf(op)), need(parseProduct(), Type.NUMBER, "" + op));
            } else {
                return left;
            }
        }
    }

    private Expr parseProduct() {
        Expr left = parseUnary();
        while (true) {
            skipSpace();
            if (peek('*') || peek('/')) {
                char op = src.charAt(pos++);
                left = new Nodes.Arith(
                        op, need(left, Type.NUMBER, String.valueOf(op)), need(parseUnary(), Type.NUMBER, "" + op));
            } else {
                return left;
            }
        }
    }

    private Expr parseUnary() {
        skipSpace();
        if (peek('-')) {
            pos++;
            if (++depth > MAX_DEPTH) {
                throw error("expr.too-deep", "表达式嵌套超过 " + MAX_DEPTH + " 层 (nested too deeply)");
            }
            try {
                return new Nodes.Neg(need(parseUnary(), Type.NUMBER, "-"));
            } finally {
                depth--;
            }
        }
        return parsePrimary();
    }

    private Expr parsePrimary() {
        skipSpace();
        if (pos >= src.length()) {
            throw error("expr.syntax", "表达式不完整 (expression ends too early)");
        }
        char c = src.charAt(pos);
        if (c == '(') {
            pos++;
            Expr e = parseOr();
            expect(')');
            return e;
        }
        if (c == '[') {
            pos++;
            List<Expr> items = new ArrayList<>();
            skipSpace();
            if (!peek(']')) {
                do {
                    Expr item = parseOr();
                    if (item.type() != Type.TEXT) {
                        throw error("expr.type-mismatch", "列表只能包含文本 (list items must be text)");
                    }
                    items.add(item);
                    skipSpace();
                } while (consume(','));
            }
            expect(']');
            return new Nodes.ListOf(items);
        }
        if (c == '\'' || c == '"') {
            int end = src.indexOf(c, pos + 1);
            if (end < 0) {
                throw error("expr.syntax", "字符串缺少结束引号 (unterminated string)");
            }
            String s = src.substring(pos + 1, end);
            pos = end + 1;
            return new Nodes.Const(s, Type.TEXT);
        }
        if (Character.isDigit(c) || (c == '.' && pos + 1 < src.length() && Character.isDigit(src.charAt(pos + 1)))) {
            int start = pos;
            while (pos < src.length() && (Character.isDigit(src.charAt(pos)) || src.charAt(pos) == '.')) {
                pos++;
            }
            String num = src.substring(start, pos);
            try {
                return new Nodes.Const(new BigDecimal(num), Type.NUMBER);
            } catch (NumberFormatException e) {
                pos = start;
                throw error("expr.syntax", "无效数字“" + num + "” (invalid number)");
            }
        }
        if (Character.isLetter(c) || c == '_') {
            int start = pos;
            String name = identifier();
            skipSpace();
            if (peek('(')) {
                pos++;
                return call(name, start);
            }
            return reference(name, start);
        }
        throw error("expr.syntax", "无法识别的字符“" + c + "” (unexpected character)");
    }

    private Expr reference(String name, int start) {
        switch (name) {
            case "true":
                return new Nodes.Const(Boolean.TRUE, Type.BOOLEAN);
            case "false":
                return new Nodes.Const(Boolean.FALSE, Type.BOOLEAN);
            case "subject": {
                expect('.');
                String field = identifier();
                Type t = scope.subjectField(field);
                if (t == null) {
                    throw new ExpressionException(
                            "expr.unknown-name", start + 1, "主体没有字段“" + field + "” (unknown subject field)");
                }
                return new Nodes.SubjectRef(field, t);
            }
            case "claim": {
                expect('.');
                String field = identifier();
                if (!field.equals("year")) {
                    throw new ExpressionException(
                            "expr.unknown-name", start + 1, "申报项没有字段“" + field + "” (only claim.year exists)");
                }
                return new Nodes.ClaimYear();
            }
            default:
                Scope.Symbol s = scope.resolve(name);
                if (s == null) {
                    throw new ExpressionException(
                            "expr.unknown-name",
                            start + 1,
                            "未知名称“" + name + "”：既不是本措施的事实，也不是参数 (unknown name: not a fact or parameter)");
                }
                return s.kind() == Scope.Kind.FACT
                        ? new Nodes.FactRef(name, s.type(), scope.factSlot(name))
                        : new Nodes.ParamRef(name, s.type(), scope.parameterSlot(name));
        }
    }

    private Expr call(String fn, int start) {
        switch (fn) {
            case "min":
            case "max": {
                List<Expr> args = arguments(fn, start);
                if (args.isEmpty()) {
                    throw new ExpressionException("expr.arity", start + 1, fn + " 至少需要一个参数 (needs arguments)");
                }
                args.forEach(a -> need(a, Type.NUMBER, fn));
                return new Nodes.MinMax(fn.equals("min"), args);
            }
            case "if": {
                List<Expr> args = arity(fn, start, 3);
                need(args.get(0), Type.BOOLEAN, "if");
                if (args.get(1).type() != args.get(2).type()) {
                    throw new ExpressionException(
                            "expr.type-mismatch", start + 1, "if 的两个分支类型不同 (branches differ in type)");
                }
                return new Nodes.If(args.get(0), args.get(1), args.get(2));
            }
            case "lookup": {
                List<Expr> args = arity(fn, start, 2);
                need(args.get(0), Type.TABLE, "lookup");
                need(args.get(1), Type.TEXT, "lookup");
                return new Nodes.Lookup(args.get(0), args.get(1));
            }
            case "at": {
                skipSpace();
                int nameAt = pos;
                String param = identifier();
                Scope.Symbol s = scope.resolve(param);
                if (s == null || s.kind() != Scope.Kind.PARAMETER) {
                    throw new ExpressionException(
                            "expr.unknown-name", nameAt + 1, "at 的第一个参数须为参数名“" + param + "” (not a parameter)");
                }
                expect(',');
                Expr date = need(parseOr(), Type.DATE, "at");
                expect(')');
                return new Nodes.At(param, s.type(), date);
            }
            case "year_end": {
                List<Expr> args = arity(fn, start, 1);
                return new Nodes.MakeDate(need(args.get(0), Type.NUMBER, fn), null, null);
            }
            case "date": {
                List<Expr> args = arity(fn, start, 3);
                args.forEach(a -> need(a, Type.NUMBER, fn));
                return new Nodes.MakeDate(args.get(0), args.get(1), args.get(2));
            }
            case "present": {
                skipSpace();
                int nameAt = pos;
                String fact = identifier();
                Scope.Symbol s = scope.resolve(fact);
                if (s == null || s.kind() != Scope.Kind.FACT) {
                    throw new ExpressionException(
                            "expr.unknown-name", nameAt + 1, "present 的参数须为事实名“" + fact + "” (not a fact)");
                }
                expect(')');
                return new Nodes.Present(fact, scope.factSlot(fact));
            }
            default:
                throw new ExpressionException(
                        "expr.unknown-function",
                        start + 1,
                        "未知函数“" + fn + "”；可用：min, max, if, lookup, at, year_end, date, present (unknown function)");
        }
    }

    private List<Expr> arity(String fn, int start, int n) {
        List<Expr> args = arguments(fn, start);
        if (args.size() != n) {
            throw new ExpressionException(
                    "expr.arity", start + 1, fn + " 需要 " + n + " 个参数，实为 " + args.size() + " (wrong argument count)");
        }
        return args;
    }

    private List<Expr> arguments(String fn, int start) {
        List<Expr> args = new ArrayList<>();
        skipSpace();
        if (consume(')')) {
            return args;
        }
        do {
            args.add(parseOr());
            skipSpace();
        } while (consume(','));
        expect(')');
        return args;
    }

    private Expr need(Expr e, Type t, String op) {
        if (e.type() != t) {
            throw error(
                    "expr.type-mismatch",
                    "“" + op + "”需要" + t.zh() + "，得到" + e.type().zh() + " ('" + op + "' needs " + t + ", got "
                            + e.type() + ")");
        }
        return e;
    }

    private String identifier() {
        skipSpace();
        int start = pos;
        while (pos < src.length() && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '_')) {
            pos++;
        }
        if (start == pos) {
            throw error("expr.syntax", "此处需要名称 (a name is expected here)");
        }
        // Interned: a name bound to a slot is checked against the slot's name by reference (EvalContext).
        return src.substring(start, pos).intern();
    }

    private boolean keyword(String kw) {
        skipSpace();
        if (src.startsWith(kw, pos)) {
            int end = pos + kw.length();
            if (end == src.length() || !(Character.isLetterOrDigit(src.charAt(end)) || src.charAt(end) == '_')) {
                pos = end;
                return true;
            }
        }
        return false;
    }

    private void expect(char c) {
        skipSpace();
        if (!consume(c)) {
            throw error("expr.syntax", "此处需要“" + c + "” ('" + c + "' expected)");
        }
    }

    private boolean consume(char c) {
        skipSpace();
        if (peek(c)) {
            pos++;
            return true;
        }
        return false;
    }

    private boolean peek(char c) {
        return pos < src.length() && src.charAt(pos) == c;
    }

    private void skipSpace() {
        while (pos < src.length() && Character.isWhitespace(src.charAt(pos))) {
            pos++;
        }
    }

    private ExpressionException error(String key, String message) {
        return new ExpressionException(key, pos + 1, message + "，位置 " + (pos + 1));
    }

    static Set<String> keywords() {
        return Set.of("and", "or", "not", "in", "true", "false", "subject", "claim");
    }
}
