// The pickle reader and the bz2 reader: the opcodes the NATS-Bench files use, and hostile or
// damaged input, which must give an error naming the file (and the opcode), never a crash.
#include "benchmark/BenchmarkError.h"
#include "benchmark/Bzip2File.h"
#include "benchmark/Pickle.h"

#include "support/NatsBenchFixture.h"

#include <QTemporaryDir>
#include <QtTest>

#include <random>

using gdas::benchmark::BenchmarkError;
using gdas::benchmark::PickleValue;
using gdas::benchmark::readPickle;

namespace {

std::string bytes(std::initializer_list<int> b)
{
    std::string s;
    for (int c : b)
        s += static_cast<char>(c);
    return s;
}

// The error message of readPickle on `data`, or "" when it reads.
QString pickleError(const std::string &data, const std::string &source = "the.pickle")
{
    try {
        readPickle(data, source);
    } catch (const BenchmarkError &e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

} // namespace

class TestBenchmarkPickle : public QObject {
    Q_OBJECT
private slots:
    void scalarsAndContainers()
    {
        nats_fixture::PickleWriter w;
        w.dictBegin();
        w.str("int");
        w.integer(300);
        w.str("neg");
        w.integer(-5);
        w.str("float");
        w.real(91.583333333333329);
        w.str("list");
        w.listBegin();
        w.str("a");
        w.boolean(false);
        w.none();
        w.listEnd();
        w.str("tuple");
        w.str("cifar10");
        w.integer(888);
        w.tuple2();
        w.str("again");
        w.str("a"); // a memoized string: BINGET
        w.str("numpy");
        w.numpyFloat64(0.802426);
        w.str("set");
        w.emptySet();
        w.dictEnd();
        const PickleValue v = readPickle(w.finish(), "t");
        QCOMPARE(v.kind(), PickleValue::Kind::Dict);
        QCOMPARE(v.entries().size(), std::size_t(8));
        QCOMPARE(v.get("int")->asInt(), std::int64_t(300));
        QCOMPARE(v.get("neg")->asInt(), std::int64_t(-5));
        QCOMPARE(v.get("float")->asNumber(), 91.583333333333329);
        QCOMPARE(v.get("list")->items().size(), std::size_t(3));
        QCOMPARE(v.get("list")->items()[0].text(), std::string("a"));
        QCOMPARE(v.get("list")->items()[1].kind(), PickleValue::Kind::Bool);
        QVERIFY(v.get("list")->items()[2].isNone());
        QCOMPARE(v.get("again")->text(), std::string("a"));
        QCOMPARE(v.get("numpy")->kind(), PickleValue::Kind::Float);
        QCOMPARE(v.get("numpy")->asNumber(), 0.802426);
        QCOMPARE(v.get("set")->kind(), PickleValue::Kind::Set);
        const PickleValue key = PickleValue::tuple({PickleValue::string("cifar10"), PickleValue::integer(888)});
        QVERIFY(PickleValue::equal(*v.get("tuple"), key));
        QVERIFY(!v.get("missing"));
    }

    void orderedDictAndLaterSetItemReplaces()
    {
        nats_fixture::PickleWriter w;
        w.orderedDictBegin();
        w.str("12");
        w.integer(1);
        w.str("200");
        w.integer(2);
        w.str("12");
        w.integer(3); // a repeated key keeps its place and takes the new value, as in Python
        w.orderedDictEnd();
        const PickleValue v = readPickle(w.finish(), "t");
        QCOMPARE(v.entries().size(), std::size_t(2));
        QCOMPARE(v.entries()[0].first.text(), std::string("12"));
        QCOMPARE(v.get("12")->asInt(), std::int64_t(3));
        QCOMPARE(v.get("200")->asInt(), std::int64_t(2));
    }

    void protocol2Opcodes()
    {
        // Protocol 2 as Python 2 writes it: GLOBAL by lines, BINPUT/BINGET, LONG1, BINUNICODE, DICT.
        std::string p = bytes({0x80, 0x02}) + "(X" + bytes({3, 0, 0, 0}) + "keyq" + bytes({1}) + bytes({0x8a, 5}) +
                        bytes({0, 0, 0, 0, 1}) + "h" + bytes({1}) + "t.";
        const PickleValue v = readPickle(p, "t");
        QCOMPARE(v.kind(), PickleValue::Kind::Tuple);
        QCOMPARE(v.items().size(), std::size_t(3));
        QCOMPARE(v.items()[1].asInt(), std::int64_t(1) << 32);
        QCOMPARE(v.items()[2].text(), std::string("key"));
        // ... and set([1, 2, 2]) of protocol 2
        std::string s = bytes({0x80, 0x02}) + "c__builtin__\nset\n]q" + bytes({0}) + "(K" + bytes({1}) + "K" +
                        bytes({2}) + "K" + bytes({2}) + "e" + bytes({0x85}) + "R.";
        const PickleValue set = readPickle(s, "t");
        QCOMPARE(set.kind(), PickleValue::Kind::Set);
        QCOMPARE(set.items().size(), std::size_t(2));
    }

    void errorsNameFileAndOpcode_data()
    {
        QTest::addColumn<QByteArray>("data");
        QTest::addColumn<QString>("expected");
        auto row = [](const char *name, const std::string &d, const char *expected) {
            QTest::newRow(name) << QByteArray(d.data(), static_cast<int>(d.size())) << QString(expected);
        };
        row("empty", "", "pickle byte 0 (end of data): the pickle ends without a STOP opcode");
        row("no stop", bytes({0x80, 4, 'N'}), "pickle byte 3 (end of data): the pickle ends without a STOP");
        row("protocol 6", bytes({0x80, 6, 'N', '.'}), "opcode 0x80 (PROTO): pickle protocol 6");
        row("truncated string", bytes({0x80, 4, 0x8c, 10, 'a', 'b'}),
            "opcode 0x8c (SHORT_BINUNICODE): needs 10 more bytes");
        row("huge string", bytes({0x80, 4, 0x8d, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f}),
            "opcode 0x8d (BINUNICODE8): needs 9223372036854775807 more bytes");
        row("huge frame", bytes({0x80, 4, 0x95, 0xff, 0xff, 0, 0, 0, 0, 0, 0, 'N', '.'}),
            "opcode 0x95 (FRAME): a frame of");
        row("other class", bytes({0x80, 4}) + "cos\nsystem\n" + bytes({0x8c, 2}) + "ls" + bytes({0x85}) + "R.",
            "opcode 0x52 (REDUCE): builds an object of class os.system");
        row("newobj", bytes({0x80, 4}) + "cnats_bench.api_utils\nArchResults\n)" + bytes({0x81}) + ".",
            "opcode 0x81 (NEWOBJ): is not in the subset");
        row("persistent id", bytes({0x80, 4, 'N', 'Q', '.'}), "opcode 0x51 (BINPERSID): is not in the subset");
        row("memo never stored", bytes({0x80, 4, 'h', 9, '.'}), "opcode 0x68 (BINGET): memo entry 9 was never stored");
        row("append to dict", bytes({0x80, 4, '}', 'N', 'a', '.'}),
            "opcode 0x61 (APPEND): appends to a dict, not a list");
        row("setitems odd", bytes({0x80, 4, '}', '(', 'N', 'u', '.'}),
            "opcode 0x75 (SETITEMS): an odd number of values");
        row("pop empty", bytes({0x80, 4, '0', '.'}), "opcode 0x30 (POP): needs a value but the stack is empty");
        row("tuple without mark", bytes({0x80, 4, 'N', 't', '.'}), "opcode 0x74 (TUPLE): needs a MARK");
        row("reach below mark", bytes({0x80, 4, 'N', '(', 0x85, '.'}),
            "opcode 0x85 (TUPLE1): needs a value but finds a MARK");
        row("unhashable key", bytes({0x80, 4, '}', ']', 'N', 's', '.'}),
            "opcode 0x73 (SETITEM): unhashable dict key of type list");
        row("stop on empty stack", bytes({0x80, 4, '.'}), "STOP with an empty stack");
        row("numpy complex",
            bytes({0x80, 4}) + "cnumpy.core.multiarray\nscalar\ncnumpy\ndtype\n" + bytes({0x8c, 3}) + "c16" +
                bytes({0x85}) + "RC" + bytes({1, 0}) + bytes({0x86}) + "R.",
            "opcode 0x52 (REDUCE): numpy scalar of unsupported dtype 'c16'");
    }
    void errorsNameFileAndOpcode()
    {
        QFETCH(QByteArray, data);
        QFETCH(QString, expected);
        const QString error = pickleError(data.toStdString(), "/data/000011.pickle.pbz2");
        QVERIFY2(error.startsWith("/data/000011.pickle.pbz2: "), qPrintable(error));
        QVERIFY2(error.contains(expected), qPrintable(error));
    }

    void deepNestingIsFreedWithoutRecursion()
    {
        // A million lists, each inside the one before: reading and freeing it must not recurse.
        std::string p = bytes({0x80, 4}) + "]";
        for (int i = 0; i < 1000000; ++i)
            p += "]";
        for (int i = 0; i < 1000000; ++i)
            p += "a";
        p += ".";
        const PickleValue v = readPickle(p, "deep");
        QCOMPARE(v.items().size(), std::size_t(1));
    }

    void deepTupleKeyIsRefused()
    {
        std::string p = bytes({0x80, 4, '}', 'N'});
        for (int i = 0; i < 100; ++i)
            p += bytes({0x85});
        p += "Ns.";
        const QString error = pickleError(p, "keys");
        QVERIFY2(error.startsWith("keys: ") && error.contains("nested more than 64"), qPrintable(error));
    }

    void repeatedTupleKeyIsRefused_data()
    {
        QTest::addColumn<QByteArray>("opcode");
        QTest::newRow("dict key") << QByteArray("s");
        QTest::newRow("set item") << QByteArray();
    }

    // 60 tuples, each holding the one below twice (DUP, TUPLE2): 120 bytes of pickle, 2^60
    // items written out. Found by fuzz_benchmark_pickle (a 30 s timeout); now an error at once.
    void repeatedTupleKeyIsRefused()
    {
        QFETCH(QByteArray, opcode);
        const bool dict = !opcode.isEmpty();
        std::string p = bytes({0x80, 4}) + (dict ? "}" : bytes({0x8f, '('})) + "N";
        for (int i = 0; i < 60; ++i)
            p += bytes({'2', 0x86});
        p += dict ? "Ns." : bytes({0x90, '.'});
        const QString error = pickleError(p, "keys");
        QVERIFY2(error.startsWith("keys: ") && error.contains("over 64 KiB"), qPrintable(error));
    }

    void damagedPicklesNeverCrash()
    {
        // Every one-byte change and every truncation of a real-layout file either reads or
        // gives a BenchmarkError naming the file.
        nats_fixture::Architecture a;
        a.index = 3;
        a.arch = "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|";
        a.results["12"]["cifar10"] = {nats_fixture::trial("cifar10", 111, 0, 70.5, 1.5, 200)};
        const std::string good = nats_fixture::architecturePickle(a);
        std::mt19937 rng(16);
        int errors = 0;
        for (int round = 0; round < 3000; ++round) {
            std::string bad = good;
            if (round % 3 == 0) {
                bad.resize(rng() % good.size());
            } else {
                for (int k = 0; k < 1 + round % 4; ++k)
                    bad[rng() % bad.size()] = static_cast<char>(rng() & 0xff);
            }
            try {
                readPickle(bad, "mutant.pickle");
            } catch (const BenchmarkError &e) {
                QVERIFY2(std::string(e.what()).rfind("mutant.pickle: ", 0) == 0, e.what());
                ++errors;
            }
        }
        QVERIFY(errors > 1000);
    }

    void bzip2Errors()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const std::string payload = nats_fixture::metaPickle({"|none~0|+|none~0|none~1|+|none~0|none~1|none~2|"});
        const std::string packed = nats_fixture::bzip2(payload);
        const std::string good = dir.filePath("meta.pickle.pbz2").toStdString();
        nats_fixture::writeFile(good, packed);
        QCOMPARE(gdas::benchmark::readBzip2File(good), payload);

        auto errorOf = [&](const std::string &name, const std::string &content) {
            const std::string path = dir.filePath(QString::fromStdString(name)).toStdString();
            nats_fixture::writeFile(path, content);
            try {
                gdas::benchmark::readBzip2File(path);
            } catch (const BenchmarkError &e) {
                const QString m = QString::fromStdString(e.what());
                if (!m.startsWith(QString::fromStdString(path) + ": "))
                    return QString("does not name the file: ") + m;
                return m;
            }
            return QString("no error");
        };
        QVERIFY(errorOf("truncated", packed.substr(0, packed.size() / 2)).contains("truncated bzip2 data"));
        QVERIFY(errorOf("plain", payload).contains("not bzip2 data"));
        QVERIFY(errorOf("empty", "").contains("empty file"));
        std::string flipped = packed;
        flipped[packed.size() / 2] = static_cast<char>(flipped[packed.size() / 2] ^ 0x55);
        QVERIFY(errorOf("flipped", flipped).contains("corrupt bzip2 data"));
        QVERIFY(errorOf("trailing", packed + "garbage").contains("trailing garbage"));
        // Two concatenated streams read as one, as Python's BZ2File reads them.
        const std::string two = dir.filePath("two").toStdString();
        nats_fixture::writeFile(two, nats_fixture::bzip2("abc") + nats_fixture::bzip2("def"));
        QCOMPARE(gdas::benchmark::readBzip2File(two), std::string("abcdef"));
        // A bomb: more output than allowed.
        const std::string big = dir.filePath("big").toStdString();
        nats_fixture::writeFile(big, nats_fixture::bzip2(std::string(4 << 20, 'x')));
        try {
            gdas::benchmark::readBzip2File(big, 1 << 20);
            QFAIL("no error for more output than allowed");
        } catch (const BenchmarkError &e) {
            QVERIFY2(QString(e.what()).contains("decompresses to more than 1 MiB"), e.what());
        }
        const std::string missing = dir.filePath("nope").toStdString();
        try {
            gdas::benchmark::readBzip2File(missing);
            QFAIL("no error for a missing file");
        } catch (const BenchmarkError &e) {
            QVERIFY2(QString(e.what()).startsWith(QString::fromStdString(missing) + ": cannot open"), e.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestBenchmarkPickle)
#include "tst_benchmarkpickle.moc"
