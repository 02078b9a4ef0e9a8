#include "model/GenotypeFormats.h"
#include "model/GenotypeLibrary.h"

#include "ModelTestPrinters.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

using namespace gdas::model;

namespace {

QString dataFile(const char *name)
{
    return QStringLiteral(GDAS_SOURCE_DIR "/tests/data/genotypes/") + QLatin1String(name);
}

std::string readText(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot open test data %s", qPrintable(path));
    return f.readAll().toStdString();
}

Genotype builtin(const char *name)
{
    const auto g = builtinGenotype(name);
    if (!g)
        qFatal("missing built-in genotype %s", name);
    return *g;
}

// Positions in messages read "at <line>:<column>".
const QRegularExpression kLocation(QStringLiteral(" at \\d+:\\d+"));

} // namespace

class TestGenotypeFormats : public QObject {
    Q_OBJECT

private slots:
    void libraryHasThePublishedCells();
    void libraryLookupIsCaseInsensitiveWithAliases();
    void libraryCellsKeepTheirShape();
    void everyBuiltinValidates();

    void jsonRoundTrip_data();
    void jsonRoundTrip();
    void jsonSchema();
    void jsonNb201HasNoConcatOrReduce();
    void jsonToleratesMissingNameAndFormat();
    void jsonFromFile();

    void dartsLiteralRoundTrip_data();
    void dartsLiteralRoundTrip();
    void dartsLiteralWrittenForm();
    void dartsLiteralVariants_data();
    void dartsLiteralVariants();
    void dartsLiteralWithoutReduceCell();

    void autodlDictMatchesDartsLiteral();
    void autodlDictWithoutReduce();
    void officialLogLines_data();
    void officialLogLines();
    void officialLogLineErrorsPointIntoThePastedText();

    void nb201RoundTrip_data();
    void nb201RoundTrip();
    void formatsRefuseOtherSpaces();

    void parseDetectsFormat_data();
    void parseDetectsFormat();
    void formatByName();

    void malformed_data();
    void malformed();

    void validateDirectly();
    void extendedSpaceDetection();

    void resolveByName();
    void resolveByFile();
    void resolveByText();
    void resolveMissingFileNamesPath();
    void resolveMalformedFileNamesFileAndPosition();
    void resolveUnknownName();

    void hostileBytes_data();
    void hostileBytes();
    void surrogatePairNameRoundTrips();
    void nameThatIsNotUtf8IsWrittenAsReplacement();
};

void TestGenotypeFormats::libraryHasThePublishedCells()
{
    const auto names = builtinGenotypeNames();
    for (const char *required : {"NASNet", "AmoebaNet", "PNASNet", "ENAS", "DARTS_V1", "DARTS_V2", "GDAS_V1", "GDAS_F1",
                                 "SETN", "NB201_ResNet"}) {
        QVERIFY2(std::find(names.begin(), names.end(), required) != names.end(), required);
        QVERIFY2(!builtinGenotypeSource(required).empty(), required);
        QCOMPARE(builtin(required).name, std::string(required));
    }
    QVERIFY(builtinGenotypeSource("NoSuchCell").empty());
    QVERIFY(!builtinGenotype("NoSuchCell"));
}

void TestGenotypeFormats::libraryLookupIsCaseInsensitiveWithAliases()
{
    QCOMPARE(builtin("darts_v2"), builtin("DARTS_V2"));
    QCOMPARE(builtin("DARTS"), builtin("DARTS_V2"));
    QCOMPARE(builtin("gdas_frc"), builtin("GDAS_F1"));
    QCOMPARE(builtin("ENASNet"), builtin("ENAS"));
    QCOMPARE(builtin("gdas_v1").name, std::string("GDAS_V1"));
    QVERIFY(builtinGenotypeSource("gdas_v1").find("CVPR 2019") != std::string::npos);
}

void TestGenotypeFormats::libraryCellsKeepTheirShape()
{
    // Values from the reference repositories' genotypes.py, checked here one entry at a time.
    const Genotype nasnet = builtin("NASNet");
    QCOMPARE(nasnet.normal.size(), std::size_t(5));
    QCOMPARE(nasnet.normalConcat, (std::vector<int>{2, 3, 4, 5, 6}));
    QCOMPARE(nasnet.reduceConcat, (std::vector<int>{4, 5, 6}));
    QCOMPARE(nasnet.reduce[0][1], (GenotypeOp{"sep_conv_7x7", 0}));
    QCOMPARE(nasnet.reduce[3][0], (GenotypeOp{"skip_connect", 3}));

    const Genotype amoeba = builtin("AmoebaNet");
    QCOMPARE(amoeba.normalConcat, (std::vector<int>{4, 5, 6}));
    QCOMPARE(amoeba.reduceConcat, (std::vector<int>{3, 4, 6}));
    QCOMPARE(amoeba.reduce[4][0], (GenotypeOp{"conv_7x1_1x7", 0}));
    QCOMPARE(amoeba.reduce[4][1], (GenotypeOp{"sep_conv_3x3", 5}));

    const Genotype darts = builtin("DARTS_V2");
    QCOMPARE(darts.normal[3][1], (GenotypeOp{"dil_conv_3x3", 2}));
    QCOMPARE(darts.reduce[1][0], (GenotypeOp{"skip_connect", 2}));

    const Genotype gdas = builtin("GDAS_V1");
    QCOMPARE(gdas.normal[0][0], (GenotypeOp{"skip_connect", 0}));
    QCOMPARE(gdas.reduce[2][0], (GenotypeOp{"dil_conv_5x5", 2}));

    const Genotype frc = builtin("GDAS_F1");
    QVERIFY(frc.reduce.empty());
    QVERIFY(frc.reduceConcat.empty());

    const Genotype resnet = builtin("NB201_ResNet");
    QCOMPARE(kindName(resnet.space), kindName(SpaceKind::NasBench201));
    QCOMPARE(resnet.normal[1][0], (GenotypeOp{"none", 0}));
}

void TestGenotypeFormats::everyBuiltinValidates()
{
    for (const std::string &name : builtinGenotypeNames()) {
        try {
            builtin(name.c_str()).validate();
        } catch (const GenotypeError &e) {
            QFAIL(qPrintable(QString::fromStdString(name + ": " + e.what())));
        }
    }
}

void TestGenotypeFormats::jsonRoundTrip_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("indent");
    for (const std::string &name : builtinGenotypeNames()) {
        QTest::addRow("%s pretty", name.c_str()) << QString::fromStdString(name) << 2;
        QTest::addRow("%s compact", name.c_str()) << QString::fromStdString(name) << -1;
    }
}

void TestGenotypeFormats::jsonRoundTrip()
{
    QFETCH(QString, name);
    QFETCH(int, indent);
    const Genotype g = builtin(qPrintable(name));
    const std::string text = toJson(g, indent);
    if (indent < 0)
        QVERIFY(text.find('\n') == std::string::npos);
    const Genotype back = fromJson(text);
    QCOMPARE(back, g);
    QCOMPARE(back.name, g.name);
    QCOMPARE(toJson(back, indent), text);
}

void TestGenotypeFormats::jsonSchema()
{
    // Checked with Qt's JSON reader, independent of the one under test.
    const Genotype g = builtin("DARTS_V2");
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromStdString(toJson(g)), &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    const QJsonObject o = doc.object();
    QCOMPARE(o.value("format").toString(), QStringLiteral("gdas-genotype"));
    QCOMPARE(o.value("version").toInt(), 1);
    QCOMPARE(o.value("space").toString(), QStringLiteral("darts"));
    QCOMPARE(o.value("name").toString(), QStringLiteral("DARTS_V2"));
    const QJsonArray normal = o.value("normal").toArray();
    QCOMPARE(normal.size(), 4);
    const QJsonArray lastNode = normal.at(3).toArray();
    QCOMPARE(lastNode.size(), 2);
    QCOMPARE(lastNode.at(1).toObject().value("op").toString(), QStringLiteral("dil_conv_3x3"));
    QCOMPARE(lastNode.at(1).toObject().value("input").toInt(), 2);
    QCOMPARE(o.value("normal_concat").toArray(), (QJsonArray{2, 3, 4, 5}));
    QCOMPARE(o.value("reduce").toArray().size(), 4);
    QCOMPARE(o.value("reduce_concat").toArray(), (QJsonArray{2, 3, 4, 5}));
    QCOMPARE(o.value("reduce").toArray().at(0).toArray().at(0).toObject().value("op").toString(),
             QStringLiteral("max_pool_3x3"));
}

void TestGenotypeFormats::jsonNb201HasNoConcatOrReduce()
{
    const QJsonObject o = QJsonDocument::fromJson(QByteArray::fromStdString(toJson(builtin("NB201_ResNet")))).object();
    QCOMPARE(o.value("space").toString(), QStringLiteral("nas-bench-201"));
    QCOMPARE(o.value("normal").toArray().size(), 3);
    QCOMPARE(o.value("normal").toArray().at(2).toArray().size(), 3);
    QVERIFY(!o.contains("reduce"));
    QVERIFY(!o.contains("normal_concat"));
    QVERIFY(!o.contains("reduce_concat"));

    const QJsonObject frc = QJsonDocument::fromJson(QByteArray::fromStdString(toJson(builtin("GDAS_F1")))).object();
    QVERIFY(frc.contains("normal_concat"));
    QVERIFY(!frc.contains("reduce"));
}

void TestGenotypeFormats::jsonToleratesMissingNameAndFormat()
{
    const Genotype nb = fromJson(R"({"normal": [[{"op": "nor_conv_3x3", "input": 0}],
        [{"op": "none", "input": 0}, {"op": "nor_conv_3x3", "input": 1}],
        [{"op": "skip_connect", "input": 0}, {"op": "none", "input": 1}, {"op": "skip_connect", "input": 2}]]})");
    QCOMPARE(nb, builtin("NB201_ResNet"));
    QVERIFY(nb.name.empty());

    const Genotype frc = fromJson(R"({"space": "darts", "name": null, "normal": [
        [{"op": "skip_connect", "input": 0}, {"op": "skip_connect", "input": 1}],
        [{"op": "skip_connect", "input": 0}, {"op": "sep_conv_3x3", "input": 2}],
        [{"op": "skip_connect", "input": 0}, {"op": "sep_conv_3x3", "input": 2}],
        [{"op": "skip_connect", "input": 0}, {"op": "sep_conv_3x3", "input": 2}]],
        "normal_concat": [2, 3, 4, 5], "reduce": null, "comment": "extra keys are ignored"})");
    QCOMPARE(frc, builtin("GDAS_F1"));
}

void TestGenotypeFormats::jsonFromFile()
{
    const Genotype g = fromJson(readText(dataFile("gdas_v1.json")));
    QCOMPARE(g, builtin("GDAS_V1"));
    QCOMPARE(g.name, std::string("GDAS_V1"));
}

void TestGenotypeFormats::dartsLiteralRoundTrip_data()
{
    QTest::addColumn<QString>("name");
    for (const std::string &name : builtinGenotypeNames())
        if (builtin(name.c_str()).space == SpaceKind::Darts)
            QTest::newRow(name.c_str()) << QString::fromStdString(name);
}

void TestGenotypeFormats::dartsLiteralRoundTrip()
{
    QFETCH(QString, name);
    const Genotype g = builtin(qPrintable(name));
    const std::string text = toDartsLiteral(g);
    const Genotype back = fromDartsLiteral(text);
    QCOMPARE(back, g);
    QCOMPARE(toDartsLiteral(back), text);
}

void TestGenotypeFormats::dartsLiteralWrittenForm()
{
    QCOMPARE(QString::fromStdString(toDartsLiteral(builtin("DARTS_V2"))),
             QStringLiteral("Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 0), "
                            "('sep_conv_3x3', 1), ('sep_conv_3x3', 1), ('skip_connect', 0), ('skip_connect', 0), "
                            "('dil_conv_3x3', 2)], normal_concat=[2, 3, 4, 5], reduce=[('max_pool_3x3', 0), "
                            "('max_pool_3x3', 1), ('skip_connect', 2), ('max_pool_3x3', 1), ('max_pool_3x3', 0), "
                            "('skip_connect', 2), ('skip_connect', 2), ('max_pool_3x3', 1)], "
                            "reduce_concat=[2, 3, 4, 5])"));
}

void TestGenotypeFormats::dartsLiteralVariants_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<QString>("name");

    QTest::newRow("train_search print with range()")
        << QString::fromStdString(readText(dataFile("darts_v2_train_search.txt"))) << "DARTS_V2"
        << "";
    QTest::newRow("double quotes, newlines, comments, lists")
        << "Genotype(\n  normal=[\n    (\"sep_conv_3x3\", 0), (\"sep_conv_3x3\", 1),  # step 1\n"
           "    (\"sep_conv_3x3\", 0), (\"sep_conv_3x3\", 1),\n    (\"sep_conv_3x3\", 1), (\"skip_connect\", 0),\n"
           "    (\"skip_connect\", 0), (\"dil_conv_3x3\", 2),\n  ],\n  normal_concat = [2, 3, 4, 5],\n"
           "  reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), ('max_pool_3x3', 1),\n"
           "          ('max_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 2), ('max_pool_3x3', 1)],\n"
           "  reduce_concat=list(range(2, 6)),\n)\n"
        << "DARTS_V2"
        << "";
    QTest::newRow("assignment names the genotype")
        << "GDAS = Genotype(normal=[('skip_connect', 0), ('skip_connect', 1), ('skip_connect', 0), "
           "('sep_conv_5x5', 2), ('sep_conv_3x3', 3), ('skip_connect', 0), ('sep_conv_5x5', 4), ('sep_conv_3x3', 3)], "
           "normal_concat=range(2, 6), reduce=[('sep_conv_5x5', 0), ('sep_conv_3x3', 1), ('sep_conv_5x5', 2), "
           "('sep_conv_5x5', 1), ('dil_conv_5x5', 2), ('sep_conv_3x3', 1), ('sep_conv_5x5', 0), ('sep_conv_5x5', 1)], "
           "reduce_concat=range(2, 6))"
        << "GDAS_V1"
        << "GDAS";
    QTest::newRow("fields without the Genotype prefix, weights kept by some printers")
        << "normal=[('skip_connect', 0, 0.13), ('skip_connect', 1, 0.12), ('skip_connect', 0, 0.13), "
           "('sep_conv_5x5', 2, 0.12), ('sep_conv_3x3', 3, 0.12), ('skip_connect', 0, 0.12), "
           "('sep_conv_5x5', 4, 0.12), ('sep_conv_3x3', 3, 0.12)], normal_concat=range(2, 6), "
           "reduce=[('sep_conv_5x5', 0, 0.12), ('sep_conv_3x3', 1, 0.12), ('sep_conv_5x5', 2, 0.12), "
           "('sep_conv_5x5', 1, 0.12), ('dil_conv_5x5', 2, 0.12), ('sep_conv_3x3', 1, 0.12), "
           "('sep_conv_5x5', 0, 0.12), ('sep_conv_5x5', 1, 0.12)], reduce_concat=range(2, 6)"
        << "GDAS_V1"
        << "";
    QTest::newRow("nested per-node tuples with AutoDL's extra fields")
        << "Genotype(\n  normal=[\n    (('sep_conv_3x3', 1), ('sep_conv_3x3', 0)),\n"
           "    (('skip_connect', 0), ('sep_conv_3x3', 1)),\n    (('skip_connect', 0), ('sep_conv_3x3', 1)),\n"
           "    (('sep_conv_3x3', 0), ('skip_connect', 2))\n  ],\n  normal_concat=[2, 3, 4, 5],\n"
           "  reduce=[\n    (('max_pool_3x3', 0), ('max_pool_3x3', 1)),\n    (('skip_connect', 2), ('max_pool_3x3', 0)),\n"
           "    (('max_pool_3x3', 0), ('skip_connect', 2)),\n    (('skip_connect', 2), ('avg_pool_3x3', 0))\n  ],\n"
           "  reduce_concat=[2, 3, 4, 5],\n  connectN=None, connects=None,\n)"
        << "DARTS_V1"
        << "";
}

void TestGenotypeFormats::dartsLiteralVariants()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    QFETCH(QString, name);
    const Genotype g = fromDartsLiteral(text.toStdString());
    QCOMPARE(g, builtin(qPrintable(expected)));
    QCOMPARE(QString::fromStdString(g.name), name);
    QCOMPARE(parseGenotype(text.toStdString()), g);
}

void TestGenotypeFormats::dartsLiteralWithoutReduceCell()
{
    const std::string text = toDartsLiteral(builtin("GDAS_F1"));
    QVERIFY(text.find("reduce=None") != std::string::npos);
    // The earlier GDAS code writes a reduce_concat beside reduce=None: the fixed cell ignores it.
    const Genotype g = fromDartsLiteral(
        "Genotype(normal=[('skip_connect', 0), ('skip_connect', 1), ('skip_connect', 0), ('sep_conv_3x3', 2), "
        "('skip_connect', 0), ('sep_conv_3x3', 2), ('skip_connect', 0), ('sep_conv_3x3', 2)], "
        "normal_concat=[2, 3, 4, 5], reduce=None, reduce_concat=[2, 3, 4, 5])");
    QCOMPARE(g, builtin("GDAS_F1"));
}

void TestGenotypeFormats::autodlDictMatchesDartsLiteral()
{
    const std::string dictText = readText(dataFile("gdas_v1_autodl_dict.txt"));
    const Genotype fromDict = fromDartsLiteral(dictText);
    const Genotype fromLiteral = fromDartsLiteral(toDartsLiteral(builtin("GDAS_V1")));
    QCOMPARE(fromDict, fromLiteral);
    QCOMPARE(fromDict, builtin("GDAS_V1"));
    QCOMPARE(parseGenotype(dictText), fromDict);
}

void TestGenotypeFormats::autodlDictWithoutReduce()
{
    // search_model_gdas_frc_nasnet.py returns only the normal cell.
    const Genotype g =
        parseGenotype("{'normal': [(('skip_connect', 0, 0.16), ('skip_connect', 1, 0.13)), (('skip_connect', 0, 0.17), "
                      "('dua_sepc_3x3', 2, 0.15)), (('skip_connect', 0, 0.17), ('dua_sepc_3x3', 2, 0.15)), "
                      "(('skip_connect', 0, 0.16), ('dua_sepc_3x3', 2, 0.15))], 'normal_concat': [2, 3, 4, 5]}");
    QCOMPARE(g, builtin("GDAS_F1"));
}

// Genotypes exactly as the official scripts log them: the texts come from running the official
// genotype() functions with the official log lines' format strings
// (tools/parity/parity_reference.py --print-genotype-texts, numpy 1.24). numpy 2 prints the
// weights as np.float32(...) (NEP 51); those rows wrap the same numbers so.
void TestGenotypeFormats::officialLogLines_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected"); // in one of our own formats
    QTest::newRow("NAS-Bench-201 epoch line (GDAS.py)")
        << QString("<<<--->>> The 003-250-th epoch : Structure(4 nodes with |none~0|+|skip_connect~0|nor_conv_3x3~1|"
                   "+|avg_pool_3x3~0|avg_pool_3x3~1|skip_connect~2|)")
        << QString("|none~0|+|skip_connect~0|nor_conv_3x3~1|+|avg_pool_3x3~0|avg_pool_3x3~1|skip_connect~2|");
    QTest::newRow("NAS-Bench-201 last line (GDAS.py)")
        << QString("GDAS : run 250 epochs, cost 12345.6 s, last-geno is Structure(4 nodes with |none~0|+|skip_connec"
                   "t~0|nor_conv_3x3~1|+|avg_pool_3x3~0|avg_pool_3x3~1|skip_connect~2|).")
        << QString("|none~0|+|skip_connect~0|nor_conv_3x3~1|+|avg_pool_3x3~0|avg_pool_3x3~1|skip_connect~2|");
    QTest::newRow("NAS-Bench-201 Structure repr")
        << QString("Structure(4 nodes with |none~0|+|skip_connect~0|nor_conv_3x3~1|+|avg_pool_3x3~0|avg_pool_3x3~1|s"
                   "kip_connect~2|)")
        << QString("|none~0|+|skip_connect~0|nor_conv_3x3~1|+|avg_pool_3x3~0|avg_pool_3x3~1|skip_connect~2|");
    QTest::newRow("DARTS-space dict, numpy 1 (epoch line)")
        << QString("<<<--->>> The 003-250-th epoch : {'normal': [(('dil_sepc_5x5', 0, 0.38647342), ('skip_connect', "
                   "0, 0.3441944)), (('dua_sepc_3x3', 2, 0.30377275), ('dil_sepc_5x5', 0, 0.27626216)), (('skip_conn"
                   "ect', 2, 0.33161944), ('dil_sepc_5x5', 1, 0.2901931)), (('dil_sepc_5x5', 2, 0.6500982), ('skip_c"
                   "onnect', 0, 0.44766876))], 'normal_concat': [2, 3, 4, 5], 'reduce': [(('max_pool_3x3', 0, 0.6599"
                   "1753), ('max_pool_3x3', 1, 0.22125395)), (('dil_sepc_5x5', 1, 0.2696427), ('dua_sepc_5x5', 2, 0."
                   "26280442)), (('max_pool_3x3', 3, 0.43973896), ('max_pool_3x3', 2, 0.43756047)), (('max_pool_3x3'"
                   ", 1, 0.37243423), ('dil_sepc_3x3', 0, 0.3431128))], 'reduce_concat': [2, 3, 4, 5]}")
        << QString("Genotype(normal=[('dil_conv_5x5', 0), ('skip_connect', 0), ('sep_conv_3x3', 2), ('dil_conv_5x5',"
                   " 0), ('skip_connect', 2), ('dil_conv_5x5', 1), ('dil_conv_5x5', 2), ('skip_connect', 0)], normal"
                   "_concat=[2, 3, 4, 5], reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('dil_conv_5x5', 1), ('s"
                   "ep_conv_5x5', 2), ('max_pool_3x3', 3), ('max_pool_3x3', 2), ('max_pool_3x3', 1), ('dil_conv_3x3'"
                   ", 0)], reduce_concat=[2, 3, 4, 5])");
    QTest::newRow("DARTS-space dict, numpy 1 (last line)")
        << QString("GDAS : run 250 epochs, cost 12345.6 s, last-geno is {'normal': [(('dil_sepc_5x5', 0, 0.38647342)"
                   ", ('skip_connect', 0, 0.3441944)), (('dua_sepc_3x3', 2, 0.30377275), ('dil_sepc_5x5', 0, 0.27626"
                   "216)), (('skip_connect', 2, 0.33161944), ('dil_sepc_5x5', 1, 0.2901931)), (('dil_sepc_5x5', 2, 0"
                   ".6500982), ('skip_connect', 0, 0.44766876))], 'normal_concat': [2, 3, 4, 5], 'reduce': [(('max_p"
                   "ool_3x3', 0, 0.65991753), ('max_pool_3x3', 1, 0.22125395)), (('dil_sepc_5x5', 1, 0.2696427), ('d"
                   "ua_sepc_5x5', 2, 0.26280442)), (('max_pool_3x3', 3, 0.43973896), ('max_pool_3x3', 2, 0.43756047)"
                   "), (('max_pool_3x3', 1, 0.37243423), ('dil_sepc_3x3', 0, 0.3431128))], 'reduce_concat': [2, 3, 4"
                   ", 5]}.")
        << QString("Genotype(normal=[('dil_conv_5x5', 0), ('skip_connect', 0), ('sep_conv_3x3', 2), ('dil_conv_5x5',"
                   " 0), ('skip_connect', 2), ('dil_conv_5x5', 1), ('dil_conv_5x5', 2), ('skip_connect', 0)], normal"
                   "_concat=[2, 3, 4, 5], reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('dil_conv_5x5', 1), ('s"
                   "ep_conv_5x5', 2), ('max_pool_3x3', 3), ('max_pool_3x3', 2), ('max_pool_3x3', 1), ('dil_conv_3x3'"
                   ", 0)], reduce_concat=[2, 3, 4, 5])");
    QTest::newRow("DARTS-space dict, numpy 2 float32")
        << QString("<<<--->>> The 003-250-th epoch : {'normal': [(('dil_sepc_5x5', 0, np.float32(0.38647342)), ('ski"
                   "p_connect', 0, np.float32(0.3441944))), (('dua_sepc_3x3', 2, np.float32(0.30377275)), ('dil_sepc"
                   "_5x5', 0, np.float32(0.27626216))), (('skip_connect', 2, np.float32(0.33161944)), ('dil_sepc_5x5"
                   "', 1, np.float32(0.2901931))), (('dil_sepc_5x5', 2, np.float32(0.6500982)), ('skip_connect', 0, "
                   "np.float32(0.44766876)))], 'normal_concat': [2, 3, 4, 5], 'reduce': [(('max_pool_3x3', 0, np.flo"
                   "at32(0.65991753)), ('max_pool_3x3', 1, np.float32(0.22125395))), (('dil_sepc_5x5', 1, np.float32"
                   "(0.2696427)), ('dua_sepc_5x5', 2, np.float32(0.26280442))), (('max_pool_3x3', 3, np.float32(0.43"
                   "973896)), ('max_pool_3x3', 2, np.float32(0.43756047))), (('max_pool_3x3', 1, np.float32(0.372434"
                   "23)), ('dil_sepc_3x3', 0, np.float32(0.3431128)))], 'reduce_concat': [2, 3, 4, 5]}")
        << QString("Genotype(normal=[('dil_conv_5x5', 0), ('skip_connect', 0), ('sep_conv_3x3', 2), ('dil_conv_5x5',"
                   " 0), ('skip_connect', 2), ('dil_conv_5x5', 1), ('dil_conv_5x5', 2), ('skip_connect', 0)], normal"
                   "_concat=[2, 3, 4, 5], reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('dil_conv_5x5', 1), ('s"
                   "ep_conv_5x5', 2), ('max_pool_3x3', 3), ('max_pool_3x3', 2), ('max_pool_3x3', 1), ('dil_conv_3x3'"
                   ", 0)], reduce_concat=[2, 3, 4, 5])");
    QTest::newRow("DARTS-space dict, numpy 2 float64")
        << QString("{'normal': [(('dil_sepc_5x5', 0, np.float64(0.38647342)), ('skip_connect', 0, np.float64(0.34419"
                   "44))), (('dua_sepc_3x3', 2, np.float64(0.30377275)), ('dil_sepc_5x5', 0, np.float64(0.27626216))"
                   "), (('skip_connect', 2, np.float64(0.33161944)), ('dil_sepc_5x5', 1, np.float64(0.2901931))), (("
                   "'dil_sepc_5x5', 2, np.float64(0.6500982)), ('skip_connect', 0, np.float64(0.44766876)))], 'norma"
                   "l_concat': [2, 3, 4, 5], 'reduce': [(('max_pool_3x3', 0, np.float64(0.65991753)), ('max_pool_3x3"
                   "', 1, np.float64(0.22125395))), (('dil_sepc_5x5', 1, np.float64(0.2696427)), ('dua_sepc_5x5', 2,"
                   " np.float64(0.26280442))), (('max_pool_3x3', 3, np.float64(0.43973896)), ('max_pool_3x3', 2, np."
                   "float64(0.43756047))), (('max_pool_3x3', 1, np.float64(0.37243423)), ('dil_sepc_3x3', 0, np.floa"
                   "t64(0.3431128)))], 'reduce_concat': [2, 3, 4, 5]}")
        << QString("Genotype(normal=[('dil_conv_5x5', 0), ('skip_connect', 0), ('sep_conv_3x3', 2), ('dil_conv_5x5',"
                   " 0), ('skip_connect', 2), ('dil_conv_5x5', 1), ('dil_conv_5x5', 2), ('skip_connect', 0)], normal"
                   "_concat=[2, 3, 4, 5], reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('dil_conv_5x5', 1), ('s"
                   "ep_conv_5x5', 2), ('max_pool_3x3', 3), ('max_pool_3x3', 2), ('max_pool_3x3', 1), ('dil_conv_3x3'"
                   ", 0)], reduce_concat=[2, 3, 4, 5])");
    QTest::newRow("GDAS-FRC dict (epoch line)")
        << QString("<<<--->>> The 003-250-th epoch : {'normal': [(('dil_sepc_5x5', 0, 0.38647342), ('skip_connect', "
                   "0, 0.3441944)), (('dua_sepc_3x3', 2, 0.30377275), ('dil_sepc_5x5', 0, 0.27626216)), (('skip_conn"
                   "ect', 2, 0.33161944), ('dil_sepc_5x5', 1, 0.2901931)), (('dil_sepc_5x5', 2, 0.6500982), ('skip_c"
                   "onnect', 0, 0.44766876))], 'normal_concat': [2, 3, 4, 5]}")
        << QString("Genotype(normal=[('dil_conv_5x5', 0), ('skip_connect', 0), ('sep_conv_3x3', 2), ('dil_conv_5x5',"
                   " 0), ('skip_connect', 2), ('dil_conv_5x5', 1), ('dil_conv_5x5', 2), ('skip_connect', 0)], normal"
                   "_concat=[2, 3, 4, 5], reduce=None, reduce_concat=None)");
    QTest::newRow("GDAS-FRC dict, numpy 2")
        << QString("{'normal': [(('dil_sepc_5x5', 0, np.float32(0.38647342)), ('skip_connect', 0, np.float32(0.34419"
                   "44))), (('dua_sepc_3x3', 2, np.float32(0.30377275)), ('dil_sepc_5x5', 0, np.float32(0.27626216))"
                   "), (('skip_connect', 2, np.float32(0.33161944)), ('dil_sepc_5x5', 1, np.float32(0.2901931))), (("
                   "'dil_sepc_5x5', 2, np.float32(0.6500982)), ('skip_connect', 0, np.float32(0.44766876)))], 'norma"
                   "l_concat': [2, 3, 4, 5]}")
        << QString("Genotype(normal=[('dil_conv_5x5', 0), ('skip_connect', 0), ('sep_conv_3x3', 2), ('dil_conv_5x5',"
                   " 0), ('skip_connect', 2), ('dil_conv_5x5', 1), ('dil_conv_5x5', 2), ('skip_connect', 0)], normal"
                   "_concat=[2, 3, 4, 5], reduce=None, reduce_concat=None)");
    QTest::newRow("darts train_search log line")
        << QString("12/03 07:44:49 AM genotype = Genotype(normal=[('dil_conv_5x5', 0), ('sep_conv_3x3', 1), ('sep_co"
                   "nv_3x3', 2), ('dil_conv_5x5', 0), ('skip_connect', 2), ('dil_conv_5x5', 1), ('dil_conv_5x5', 2),"
                   " ('skip_connect', 0)], normal_concat=range(2, 6), reduce=[('max_pool_3x3', 0), ('max_pool_3x3', "
                   "1), ('dil_conv_5x5', 1), ('sep_conv_5x5', 2), ('max_pool_3x3', 3), ('max_pool_3x3', 2), ('max_po"
                   "ol_3x3', 1), ('dil_conv_3x3', 0)], reduce_concat=range(2, 6))")
        << QString("Genotype(normal=[('dil_conv_5x5', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 2), ('dil_conv_5x5',"
                   " 0), ('skip_connect', 2), ('dil_conv_5x5', 1), ('dil_conv_5x5', 2), ('skip_connect', 0)], normal"
                   "_concat=range(2, 6), reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('dil_conv_5x5', 1), ('se"
                   "p_conv_5x5', 2), ('max_pool_3x3', 3), ('max_pool_3x3', 2), ('max_pool_3x3', 1), ('dil_conv_3x3',"
                   " 0)], reduce_concat=range(2, 6))");
    QTest::newRow("darts Genotype repr")
        << QString("Genotype(normal=[('dil_conv_5x5', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 2), ('dil_conv_5x5',"
                   " 0), ('skip_connect', 2), ('dil_conv_5x5', 1), ('dil_conv_5x5', 2), ('skip_connect', 0)], normal"
                   "_concat=range(2, 6), reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('dil_conv_5x5', 1), ('se"
                   "p_conv_5x5', 2), ('max_pool_3x3', 3), ('max_pool_3x3', 2), ('max_pool_3x3', 1), ('dil_conv_3x3',"
                   " 0)], reduce_concat=range(2, 6))")
        << QString("Genotype(normal=[('dil_conv_5x5', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 2), ('dil_conv_5x5',"
                   " 0), ('skip_connect', 2), ('dil_conv_5x5', 1), ('dil_conv_5x5', 2), ('skip_connect', 0)], normal"
                   "_concat=range(2, 6), reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('dil_conv_5x5', 1), ('se"
                   "p_conv_5x5', 2), ('max_pool_3x3', 3), ('max_pool_3x3', 2), ('max_pool_3x3', 1), ('dil_conv_3x3',"
                   " 0)], reduce_concat=range(2, 6))");
}

void TestGenotypeFormats::officialLogLines()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    const Genotype want = parseGenotype(expected.toStdString());
    try {
        QCOMPARE(parseGenotype(text.toStdString()), want);
        QCOMPARE(resolveGenotype(text.toStdString()), want);
    } catch (const GenotypeError &e) {
        QFAIL(e.what());
    }
}

void TestGenotypeFormats::officialLogLineErrorsPointIntoThePastedText()
{
    // An unknown op inside a log line: the position is the op's in the line as pasted.
    const std::string line = "<<<--->>> The 003-250-th epoch : Structure(4 nodes with |none~0|+|skip_connect~0|"
                             "bad_op~1|+|avg_pool_3x3~0|avg_pool_3x3~1|skip_connect~2|)";
    try {
        parseGenotype(line);
        QFAIL("accepted an unknown op");
    } catch (const GenotypeError &e) {
        QCOMPARE(e.offset(), line.find("bad_op"));
    }
}

void TestGenotypeFormats::nb201RoundTrip_data()
{
    QTest::addColumn<QString>("name");
    for (const std::string &name : builtinGenotypeNames())
        if (builtin(name.c_str()).space == SpaceKind::NasBench201)
            QTest::newRow(name.c_str()) << QString::fromStdString(name);
}

void TestGenotypeFormats::nb201RoundTrip()
{
    QFETCH(QString, name);
    const Genotype g = builtin(qPrintable(name));
    const std::string text = toNb201String(g);
    QCOMPARE(fromNb201String(text), g);
    QCOMPARE(toNb201String(fromNb201String(text)), text);
    QCOMPARE(parseGenotype("  " + text + "\n"), g);
}

void TestGenotypeFormats::formatsRefuseOtherSpaces()
{
    QCOMPARE(QString::fromStdString(toNb201String(builtin("NB201_ResNet"))),
             QStringLiteral("|nor_conv_3x3~0|+|none~0|nor_conv_3x3~1|+|skip_connect~0|none~1|skip_connect~2|"));
    QCOMPARE(fromNb201String(readText(dataFile("nb201_resnet.txt"))), builtin("NB201_ResNet"));
    QVERIFY_THROWS_EXCEPTION(GenotypeError, toDartsLiteral(builtin("NB201_ResNet")));
    QVERIFY_THROWS_EXCEPTION(GenotypeError, toNb201String(builtin("DARTS_V2")));
}

void TestGenotypeFormats::parseDetectsFormat_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("format");
    for (const std::string &name : builtinGenotypeNames()) {
        const Genotype g = builtin(name.c_str());
        QTest::addRow("%s json", name.c_str()) << QString::fromStdString(name) << int(GenotypeFormat::Json);
        if (g.space == SpaceKind::Darts)
            QTest::addRow("%s darts", name.c_str())
                << QString::fromStdString(name) << int(GenotypeFormat::DartsLiteral);
        else
            QTest::addRow("%s nb201", name.c_str()) << QString::fromStdString(name) << int(GenotypeFormat::Nb201String);
    }
}

void TestGenotypeFormats::parseDetectsFormat()
{
    QFETCH(QString, name);
    QFETCH(int, format);
    const Genotype g = builtin(qPrintable(name));
    QCOMPARE(parseGenotype(gdas::model::format(g, static_cast<GenotypeFormat>(format))), g);
}

void TestGenotypeFormats::formatByName()
{
    QVERIFY(gdas::model::formatByName("json") == GenotypeFormat::Json);
    QVERIFY(gdas::model::formatByName("DARTS") == GenotypeFormat::DartsLiteral);
    QVERIFY(gdas::model::formatByName("nb201") == GenotypeFormat::Nb201String);
    QVERIFY_THROWS_EXCEPTION(GenotypeError, gdas::model::formatByName("yaml"));
}

void TestGenotypeFormats::malformed_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("fragments");

    const QString fourNodes = "('skip_connect', 0), ('skip_connect', 1), ('skip_connect', 0), ('sep_conv_3x3', 2), "
                              "('skip_connect', 0), ('sep_conv_3x3', 2), ('skip_connect', 0), ('sep_conv_3x3', 2)";

    QTest::newRow("darts: missing ')'") << "Genotype(normal=[" + fourNodes + "], normal_concat=[2, 3, 4, 5]"
                                        << QStringList{"expected ',' or ')'",
                                                       "at 1:" + QString::number(17 + fourNodes.size() + 29 + 1)};
    QTest::newRow("darts: missing ']'") << "Genotype(normal=[('skip_connect', 0) ('skip_connect', 1)])"
                                        << QStringList{"expected ',' or ']'", "found '('", "at 1:38"};
    QTest::newRow("darts: unknown op")
        << "Genotype(normal=[('sep_conv_7x7', 0), ('sep_conv_9x9', 1), ('skip_connect', 0), ('sep_conv_3x3', 2), "
           "('skip_connect', 0), ('sep_conv_3x3', 2), ('skip_connect', 0), ('sep_conv_3x3', 2)], "
           "normal_concat=[2, 3, 4, 5])"
        << QStringList{"unknown operation 'sep_conv_9x9'", "at 1:40"};
    QTest::newRow("darts: input out of range")
        << "Genotype(normal=[('skip_connect', 0), ('skip_connect', 1), ('skip_connect', 0), ('sep_conv_3x3', 7), "
           "('skip_connect', 0), ('sep_conv_3x3', 2), ('skip_connect', 0), ('sep_conv_3x3', 2)], "
           "normal_concat=[2, 3, 4, 5])"
        << QStringList{"node 3 input 7 out of range", "at 1:98"};
    QTest::newRow("darts: odd number of pairs")
        << "Genotype(normal=[('skip_connect', 0), ('skip_connect', 1), ('skip_connect', 0)], normal_concat=[2])"
        << QStringList{"3 (operation, input) pairs", "2 per node", "at 1:60"};
    QTest::newRow("darts: 'none' chosen")
        << "Genotype(normal=[('none', 0), " + fourNodes.mid(21) + "], normal_concat=[2, 3, 4, 5])"
        << QStringList{"'none' is not allowed", "at 1:19"};
    QTest::newRow("darts: concat names a missing node")
        << "Genotype(normal=[" + fourNodes + "], normal_concat=[2, 3, 4, 9])"
        << QStringList{"normal_concat names node 9, outside 2..5",
                       "at 1:" + QString::number(17 + fourNodes.size() + 28)};
    QTest::newRow("darts: unterminated string on line 2")
        << "Genotype(\n  normal=[('skip_connect, 0)])" << QStringList{"unterminated string", "at 2:12"};
    QTest::newRow("darts: positional fields") << "Genotype([('skip_connect', 0), ('skip_connect', 1)], [2])"
                                              << QStringList{"fields must be named", "at 1:10"};
    QTest::newRow("darts: unknown field")
        << "Genotype(normal=[" + fourNodes + "], normal_concat=[2, 3, 4, 5], extra=[1])"
        << QStringList{"unknown field 'extra'", "at 1:" + QString::number(18 + fourNodes.size() + 31)};
    QTest::newRow("darts: missing normal_concat")
        << "Genotype(normal=[" + fourNodes + "])" << QStringList{"missing field 'normal_concat'", "at 1:1"};
    QTest::newRow("darts: trailing text") << "Genotype(normal=[" + fourNodes + "], normal_concat=[2, 3, 4, 5]) extra"
                                          << QStringList{"expected the end of the text", "found the name 'extra'"};
    QTest::newRow("darts: input is a string")
        << "Genotype(normal=[('skip_connect', '0'), ('skip_connect', 1)], normal_concat=[2])"
        << QStringList{"expected an input node number", "the string '0'", "at 1:35"};
    QTest::newRow("dict: node with one op")
        << "{'normal': [(('dua_sepc_3x3', 0),), (('skip_connect', 0), ('skip_connect', 1))],\n"
           " 'normal_concat': [2, 3]}"
        << QStringList{"normal node 2 has 1 ops, expected 2", "at 1:13"};
    QTest::newRow("dict: unknown op after renaming")
        << "{'normal': [(('dua_sepc_3x3', 0), ('dua_sepc_9x9', 1))], 'normal_concat': [2]}"
        << QStringList{"unknown operation 'sep_conv_9x9'", "at 1:36"};
    QTest::newRow("nb201: missing '~'") << "|nor_conv_3x3 0|+|nor_conv_3x3~0|avg_pool_3x3~1|"
                                        << QStringList{"expected '~' after 'nor_conv_3x3'", "at 1:14"};
    QTest::newRow("nb201: unknown op")
        << "|nor_conv_3x3~0|+|sep_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|"
        << QStringList{"unknown operation 'sep_conv_3x3' in the nas-bench-201 space", "at 1:19"};
    QTest::newRow("nb201: node short of an input")
        << "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|"
        << QStringList{"node 3 has 2 ops, expected 3", "at 1:50"};
    QTest::newRow("nb201: input out of range")
        << "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~2|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|"
        << QStringList{"node 2 input 2 out of range", "at 1:47"};
    QTest::newRow("nb201: two nodes only")
        << "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|" << QStringList{"has 3 nodes, got 2", "at 1:1"};
    QTest::newRow("nb201: dangling '+'") << "|nor_conv_3x3~0|+" << QStringList{"expected '|' after '+'", "at 1:18"};
    QTest::newRow("json: missing input")
        << "{\"format\": \"gdas-genotype\", \"normal\": [[{\"op\": \"sep_conv_3x3\"}]], \"normal_concat\": [2]}"
        << QStringList{"missing \"input\"", "at 1:41"};
    QTest::newRow("json: error on line 3")
        << "{\n  \"space\": \"nas-bench-201\",\n  \"normal\": [[{\"op\": \"nor_conv_3x3\", \"input\": \"0\"}]]\n}"
        << QStringList{"\"input\" must be a node number", "at 3:47"};
    QTest::newRow("json: trailing comma") << "{\"normal\": [], }" << QStringList{"trailing ','", "at 1:14"};
    QTest::newRow("json: single quotes") << "{\"normal\": [[{'op': 'none', 'input': 0}]]}"
                                         << QStringList{"double quotes", "at 1:15"};
    QTest::newRow("json: newer version") << "{\"format\": \"gdas-genotype\", \"version\": 2, \"normal\": []}"
                                         << QStringList{"unsupported genotype version 2", "at 1:40"};
    QTest::newRow("json: unknown space") << "{\"space\": \"mobilenet\", \"normal\": [[{\"op\": \"x\", \"input\": 0}]]}"
                                         << QStringList{"unknown space 'mobilenet'", "at 1:11"};
    QTest::newRow("json: unknown op named by line and column")
        << QString::fromStdString(readText(dataFile("malformed_unknown_op.json")))
        << QStringList{"unknown operation 'sep_conv_9x9'", "at 6:49"};
    QTest::newRow("json: duplicate key") << "{\"normal\": [], \"normal\": []}"
                                         << QStringList{"key 'normal' given twice", "at 1:16"};
    QTest::newRow("empty text") << "   \n" << QStringList{"empty genotype text"};
    QTest::newRow("unknown format") << "42" << QStringList{"cannot tell the genotype format", "at 1:1"};
}

void TestGenotypeFormats::malformed()
{
    QFETCH(QString, text);
    QFETCH(QStringList, fragments);
    try {
        const Genotype g = parseGenotype(text.toStdString());
        QFAIL(qPrintable("accepted: " + QString::fromStdString(toJson(g, -1))));
    } catch (const GenotypeError &e) {
        const QString message = QString::fromUtf8(e.what());
        for (const QString &fragment : fragments)
            QVERIFY2(message.contains(fragment), qPrintable("'" + fragment + "' not in: " + message));
        if (!text.trimmed().isEmpty()) {
            QVERIFY2(message.contains(kLocation), qPrintable("no position in: " + message));
            QVERIFY(e.offset() != GenotypeError::npos);
        }
    }
}

void TestGenotypeFormats::validateDirectly()
{
    Genotype g = builtin("DARTS_V2");
    g.normal[1][0].input = 4;
    try {
        g.validate();
        QFAIL("validate accepted input 4 of node 3");
    } catch (const GenotypeError &e) {
        QVERIFY2(QString::fromUtf8(e.what()).contains("node 3 input 4 out of range (0..2)"), e.what());
    }
    g = builtin("DARTS_V2");
    g.reduceConcat = {2, 3, 3};
    QVERIFY_THROWS_EXCEPTION(GenotypeError, g.validate());
    g = builtin("DARTS_V2");
    g.reduce.clear();
    QVERIFY_THROWS_EXCEPTION(GenotypeError, g.validate()); // reduce_concat without a reduce cell
    g.reduceConcat.clear();
    g.validate();
    g = builtin("NB201_ResNet");
    g.normal[2][1].input = 0; // input 0 twice
    QVERIFY_THROWS_EXCEPTION(GenotypeError, g.validate());
    g = builtin("NB201_ResNet");
    g.normalConcat = {3};
    QVERIFY_THROWS_EXCEPTION(GenotypeError, g.validate());
}

void TestGenotypeFormats::extendedSpaceDetection()
{
    QVERIFY(builtin("NASNet").usesExtendedSpace());
    QVERIFY(builtin("AmoebaNet").usesExtendedSpace());
    QVERIFY(builtin("SETN").usesExtendedSpace()); // conv_3x1_1x3
    QVERIFY(!builtin("DARTS_V2").usesExtendedSpace());
    QVERIFY(!builtin("GDAS_V1").usesExtendedSpace());
    QVERIFY(!builtin("GDAS_F1").usesExtendedSpace());
    QVERIFY(!builtin("NB201_ResNet").usesExtendedSpace());
}

void TestGenotypeFormats::resolveByName()
{
    QCOMPARE(resolveGenotype("gdas_v1"), builtin("GDAS_V1"));
    QCOMPARE(resolveGenotype("  DARTS_V2 \n").name, std::string("DARTS_V2"));
}

void TestGenotypeFormats::resolveByFile()
{
    QCOMPARE(resolveGenotype(dataFile("gdas_v1.json").toStdString()), builtin("GDAS_V1"));
    const Genotype dict = resolveGenotype(dataFile("gdas_v1_autodl_dict.txt").toStdString());
    QCOMPARE(dict, builtin("GDAS_V1"));
    QCOMPARE(dict.name, std::string("gdas_v1_autodl_dict")); // the file's stem when the text names none

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const std::string path = dir.filePath("my (cell).txt").toStdString();
    std::ofstream(path) << toNb201String(builtin("NB201_ResNet")) << "\n";
    QCOMPARE(resolveGenotype(path), builtin("NB201_ResNet"));
}

void TestGenotypeFormats::resolveByText()
{
    const Genotype g = builtin("AmoebaNet");
    QCOMPARE(resolveGenotype(toDartsLiteral(g)), g);
    QCOMPARE(resolveGenotype(toJson(g)), g);
    QCOMPARE(resolveGenotype(toNb201String(builtin("NB201_GDAS_Example"))), builtin("NB201_GDAS_Example"));
}

void TestGenotypeFormats::resolveMissingFileNamesPath()
{
    const std::string path = "/nonexistent/genotypes/cell.json";
    try {
        resolveGenotype(path);
        QFAIL("resolved a missing file");
    } catch (const GenotypeError &e) {
        QVERIFY2(QString::fromUtf8(e.what()).contains(QString::fromStdString(path)), e.what());
        QVERIFY2(QString::fromUtf8(e.what()).contains("no such file"), e.what());
    }
}

void TestGenotypeFormats::resolveMalformedFileNamesFileAndPosition()
{
    const std::string path = dataFile("malformed_unknown_op.json").toStdString();
    try {
        resolveGenotype(path);
        QFAIL("resolved a malformed file");
    } catch (const GenotypeError &e) {
        const QString message = QString::fromUtf8(e.what());
        QVERIFY2(message.startsWith(QString::fromStdString(path) + ": "), e.what());
        QVERIFY2(message.contains("sep_conv_9x9"), e.what());
        QVERIFY2(message.contains("at 6:49"), e.what());
    }
}

void TestGenotypeFormats::resolveUnknownName()
{
    try {
        resolveGenotype("DARTS_V3");
        QFAIL("resolved an unknown name");
    } catch (const GenotypeError &e) {
        const QString message = QString::fromUtf8(e.what());
        QVERIFY2(message.contains("'DARTS_V3'"), e.what());
        QVERIFY2(message.contains("DARTS_V2"), e.what()); // lists what exists
    }
    QVERIFY_THROWS_EXCEPTION(GenotypeError, resolveGenotype("   "));
}

void TestGenotypeFormats::hostileBytes_data()
{
    // Bytes rather than QString: some rows are not UTF-8 on purpose.
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("fragment"); // what the message says
    QTest::addColumn<QString>("position"); // the line:column it points at
    QTest::newRow("json: 65 nested lists")
        << QByteArray("{\"normal\": ") + QByteArray(65, '[') + QByteArray(65, ']') + "}"
        << "nested too deeply"
        << "1:75";
    QTest::newRow("json: 100000 open objects") << QByteArray("{\"normal\": ").repeated(100000) << "nested too deeply"
                                               << "1:705";
    QTest::newRow("darts: 200000 open brackets")
        << QByteArray("Genotype(normal=") + QByteArray(200000, '[') << "nested too deeply"
        << "1:80";
    QTest::newRow("darts: nested calls") << QByteArray("Genotype(normal=") + QByteArray("f(").repeated(70)
                                         << "nested too deeply"
                                         << "1:143";
    QTest::newRow("json: Latin-1 name") << QByteArray("{\"name\": \"r\xe9sum\xe9\", \"normal\": []}")
                                        << "not valid UTF-8 (byte 0xe9)"
                                        << "1:12";
    QTest::newRow("json: overlong '/'") << QByteArray("{\"name\": \"a\xc0\xaf\", \"normal\": []}")
                                        << "not valid UTF-8 (byte 0xc0)"
                                        << "1:12";
    QTest::newRow("json: encoded surrogate")
        << QByteArray("{\"name\": \"\xed\xa0\x80\", \"normal\": []}") << "not valid UTF-8 (byte 0xed)"
        << "1:11";
    QTest::newRow("json: cut-off sequence")
        << QByteArray("{\"name\": \"ab\xe2\x82\", \"normal\": []}") << "not valid UTF-8 (byte 0xe2)"
        << "1:13";
    QTest::newRow("json: lone high surrogate escape")
        << QByteArray("{\"name\": \"\\ud83d!\", \"normal\": []}") << "lone surrogate"
        << "1:11";
    QTest::newRow("json: lone low surrogate escape")
        << QByteArray("{\"name\": \"\\ude00\", \"normal\": []}") << "lone surrogate"
        << "1:11";
    QTest::newRow("darts: Latin-1 op name")
        << QByteArray("Genotype(normal=[('sk\xefp', 0)], normal_concat=[2])") << "not valid UTF-8"
        << "1:22";
}

void TestGenotypeFormats::hostileBytes()
{
    // Hostile files must give a located GenotypeError: never a stack overflow (the readers
    // recurse per nesting level) and never a name that no writer can write back.
    QFETCH(QByteArray, text);
    QFETCH(QString, fragment);
    QFETCH(QString, position);
    try {
        const Genotype g = parseGenotype(std::string_view(text.constData(), std::size_t(text.size())));
        QFAIL(qPrintable("accepted: " + QString::fromStdString(toJson(g, -1))));
    } catch (const GenotypeError &e) {
        const QString message = QString::fromUtf8(e.what());
        QVERIFY2(message.contains(fragment), qPrintable("'" + fragment + "' not in: " + message));
        QVERIFY2(message.endsWith(" at " + position), qPrintable("expected 'at " + position + "' in: " + message));
    }
}

void TestGenotypeFormats::surrogatePairNameRoundTrips()
{
    // Characters beyond the BMP arrive as a surrogate pair in JSON escapes: one character.
    const Genotype g =
        fromJson(R"({"name": "cell \ud83d\ude00", "space": "nas-bench-201", "normal": [)"
                 R"([{"op": "nor_conv_3x3", "input": 0}],)"
                 R"([{"op": "skip_connect", "input": 0}, {"op": "none", "input": 1}],)"
                 R"([{"op": "none", "input": 0}, {"op": "none", "input": 1}, {"op": "none", "input": 2}]]})");
    QCOMPARE(QString::fromStdString(g.name), QString::fromUtf8("cell \xf0\x9f\x98\x80"));
    QCOMPARE(fromJson(toJson(g)).name, g.name);
}

void TestGenotypeFormats::nameThatIsNotUtf8IsWrittenAsReplacement()
{
    // A Genotype built in code (a run name typed in another encoding) is still written, with
    // U+FFFD for the bytes that are not UTF-8, and reads back.
    Genotype g = *builtinGenotype("GDAS_V1");
    g.name = "r\xe9sum\xe9";
    const std::string json = toJson(g, -1);
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromStdString(json));
    QVERIFY2(doc.isObject(), json.c_str());
    QCOMPARE(doc.object().value("name").toString(), QString::fromUtf8("r\xef\xbf\xbdsum\xef\xbf\xbd"));
    QCOMPARE(QString::fromStdString(fromJson(json).name), QString::fromUtf8("r\xef\xbf\xbdsum\xef\xbf\xbd"));
}

QTEST_GUILESS_MAIN(TestGenotypeFormats)
#include "tst_genotypeformats.moc"
