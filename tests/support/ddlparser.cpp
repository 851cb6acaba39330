// SPDX-License-Identifier: MIT
#include "ddlparser.h"

#include <QRegularExpression>

namespace H5Hdfs {

namespace DdlParser {
namespace {

// Net brace depth change of a line, ignoring braces inside quoted strings.
int braceDelta(const QString& line)
{
    int delta = 0;
    bool quoted = false;
    for (qsizetype i = 0; i < line.size(); ++i) {
        const QChar c = line[i];
        if (c == QLatin1Char('\\') && quoted) {
            ++i;
            continue;
        }
        if (c == QLatin1Char('"'))
            quoted = !quoted;
        else if (!quoted && c == QLatin1Char('{'))
            ++delta;
        else if (!quoted && c == QLatin1Char('}'))
            --delta;
    }
    return delta;
}

struct Block {
    QString keyword;
    QString name;
    int depthAtOpen = 0;
};

} // namespace

QStringList scalars(const QString& text)
{
    static const QRegularExpression index(QStringLiteral("\\(\\s*\\d+(\\s*,\\s*\\d+)*\\s*\\)\\s*:"));
    QString cleaned = text;
    cleaned.remove(index);
    for (const char* c : {"[", "]", "{", "}"})
        cleaned.replace(QLatin1String(c), QLatin1String(","));
    QStringList out;
    for (const QString& part : cleaned.split(QLatin1Char(','))) {
        const QString t = part.trimmed();
        if (!t.isEmpty())
            out << t;
    }
    return out;
}

QList<Dataset> parse(const QString& ddlText)
{
    static const QRegularExpression opener(
        QStringLiteral("^\\s*(GROUP|DATASET|ATTRIBUTE|DATATYPE|DATASPACE|DATA|[A-Z_0-9]+)\\s*(\"((?:[^\"\\\\]"
                       "|\\\\.)*)\")?(.*)$"));
    QList<Dataset> result;
    QList<Block> stack;
    QStringList groups;
    Dataset current;
    bool inDataset = false;
    int typeDepth = -1; // the depth at which the dataset's DATATYPE block opened, while inside it
    QString dataText;
    int depth = 0;
    for (const QString& line : ddlText.split(QLatin1Char('\n'))) {
        const int delta = braceDelta(line);
        const QString trimmed = line.trimmed();
        if (!stack.isEmpty() && stack.last().keyword == QLatin1String("DATA")) {
            depth += delta;
            if (depth <= stack.last().depthAtOpen) { // the DATA block closes on this line
                const qsizetype cut = line.lastIndexOf(QLatin1Char('}'));
                dataText += line.left(cut) + QLatin1Char('\n');
                if (inDataset && stack.size() >= 2
                    && stack[stack.size() - 2].keyword == QLatin1String("DATASET"))
                    current.values = scalars(dataText);
                stack.removeLast();
            } else {
                dataText += line + QLatin1Char('\n');
            }
            continue;
        }
        const auto m = opener.match(line);
        if (m.hasMatch() && inDataset && stack.size() >= 1
            && stack.last().keyword == QLatin1String("DATASET")) {
            if (m.captured(1) == QLatin1String("DATATYPE"))
                current.type = trimmed.mid(8).trimmed();
            else if (m.captured(1) == QLatin1String("DATASPACE"))
                current.space = trimmed.mid(9).trimmed();
        }
        if (delta > 0 && m.hasMatch()) {
            const QString keyword = m.captured(1);
            if (typeDepth >= 0 && inDataset)
                current.type += QLatin1Char(' ') + trimmed;
            stack.append({keyword, m.captured(3), depth});
            if (keyword == QLatin1String("DATATYPE") && inDataset)
                typeDepth = depth;
            depth += delta;
            if (keyword == QLatin1String("GROUP") && m.captured(3) != QLatin1String("/"))
                groups.append(m.captured(3));
            else if (keyword == QLatin1String("DATASET") && stack.size() >= 2
                && stack[stack.size() - 2].keyword == QLatin1String("GROUP")) {
                current = Dataset {};
                current.path = QLatin1Char('/')
                    + (groups.isEmpty() ? QString() : groups.join(QLatin1Char('/')) + QLatin1Char('/'))
                    + m.captured(3);
                inDataset = true;
            } else if (keyword == QLatin1String("DATA")) {
                dataText.clear();
            }
            continue;
        }
        if (typeDepth >= 0 && inDataset)
            current.type += QLatin1Char(' ') + trimmed;
        depth += delta;
        if (typeDepth >= 0 && depth <= typeDepth)
            typeDepth = -1;
        while (!stack.isEmpty() && depth <= stack.last().depthAtOpen) {
            const Block closed = stack.takeLast();
            if (closed.keyword == QLatin1String("GROUP") && closed.name != QLatin1String("/")
                && !groups.isEmpty())
                groups.removeLast();
            if (closed.keyword == QLatin1String("DATASET") && inDataset) {
                result.append(current);
                inDataset = false;
            }
        }
    }
    return result;
}

} // namespace DdlParser

} // namespace H5Hdfs
