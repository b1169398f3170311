package org.ipaward.server.security;

import java.util.ListResourceBundle;

/** Chinese wording of zxcvbn's feedback, so a refused password says why in the user's language. */
public class ZxcvbnMessagesZh extends ListResourceBundle {
    @Override
    protected Object[][] getContents() {
        return new Object[][] {
            {"feedback.extra.suggestions.addAnotherWord", "再加一两个词，生僻的词更好"},
            {"feedback.default.suggestions.useFewWords", "用几个词组合，避免常见短语"},
            {"feedback.default.suggestions.noNeedSymbols", "不必非用符号、数字或大写字母"},
            {"feedback.dictionary.warning.passwords.top10", "这是最常用的 10 个密码之一"},
            {"feedback.dictionary.warning.passwords.top100", "这是最常用的 100 个密码之一"},
            {"feedback.dictionary.warning.passwords.veryCommon", "这是非常常见的密码"},
            {"feedback.dictionary.warning.passwords.similar", "与常见密码过于相似"},
            {"feedback.dictionary.warning.englishWikipedia.itself", "单个词语很容易被猜到"},
            {"feedback.dictionary.warning.etc.namesThemselves", "单独的姓名很容易被猜到"},
            {"feedback.dictionary.warning.etc.namesCommon", "常见姓名很容易被猜到"},
            {"feedback.dictionary.suggestions.capitalization", "仅改变大小写帮助不大"},
            {"feedback.dictionary.suggestions.allUppercase", "全部大写与全部小写一样容易被猜到"},
            {"feedback.dictionary.suggestions.reversed", "把词倒过来写并不难猜"},
            {"feedback.dictionary.suggestions.l33t", "用 @ 代替 a 之类可预测的替换帮助不大"},
            {"feedback.spatial.warning.straightRowsOfKeys", "键盘上连成一排的按键很容易被猜到"},
            {"feedback.spatial.warning.shortKeyboardPatterns", "简短的键盘图案很容易被猜到"},
            {"feedback.spatial.suggestions.UseLongerKeyboardPattern", "如用键盘图案，请更长且多转折"},
            {"feedback.repeat.warning.likeAAA", "“aaa”这样的重复很容易被猜到"},
            {"feedback.repeat.warning.likeABCABCABC", "“abcabcabc”这样的重复只比“abc”略难猜"},
            {"feedback.repeat.suggestions.avoidRepeatedWords", "避免重复的词语和字符"},
            {"feedback.sequence.warning.likeABCor6543", "abc、6543 这样的序列很容易被猜到"},
            {"feedback.sequence.suggestions.avoidSequences", "避免使用序列"},
            {"feedback.regex.warning.recentYears", "近年的年份很容易被猜到"},
            {"feedback.regex.suggestions.avoidRecentYears", "避免使用近年的年份及与您相关的年份"},
            {"feedback.date.warning.dates", "日期通常很容易被猜到"},
            {"feedback.date.suggestions.avoidDates", "避免使用与您相关的日期和年份"},
        };
    }
}
