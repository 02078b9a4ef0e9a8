#include "widgets/GraphvizLayout.h"

#include <QtTest>

#include <atomic>
#include <thread>
#include <vector>

using gdas::widgets::GraphvizLayout;

class TestGraphvizLayout : public QObject {
    Q_OBJECT

private:
    static void describeChain(GraphvizLayout &layout, int nodes)
    {
        layout.setGraphAttribute(QStringLiteral("rankdir"), QStringLiteral("LR"));
        for (int i = 0; i < nodes; ++i) {
            GraphvizLayout::Node node;
            node.id = QStringLiteral("n%1").arg(i);
            node.size = QSizeF(30, 30);
            node.shape = QStringLiteral("circle");
            layout.addNode(node);
        }
        for (int i = 0; i + 1 < nodes; ++i) {
            GraphvizLayout::Edge edge;
            edge.tail = QStringLiteral("n%1").arg(i);
            edge.head = QStringLiteral("n%1").arg(i + 1);
            edge.label = QStringLiteral("op%1").arg(i);
            layout.addEdge(edge);
        }
    }

private slots:
    void chainRunsLeftToRight()
    {
        GraphvizLayout layout;
        describeChain(layout, 4);
        QString error;
        QVERIFY2(layout.run(&error), qPrintable(error));
        QCOMPARE(static_cast<int>(layout.nodes().size()), 4);
        for (int i = 0; i + 1 < 4; ++i)
            QVERIFY(layout.nodes()[i].center.x() < layout.nodes()[i + 1].center.x());
        const QRectF box = layout.boundingBox();
        QVERIFY(box.width() > box.height());
        for (const GraphvizLayout::Node &node : layout.nodes())
            QVERIFY(box.contains(node.center));
        for (const GraphvizLayout::Edge &edge : layout.edges()) {
            QVERIFY(!edge.path.isEmpty());
            QVERIFY(edge.hasArrow);
            // The arrow points at the head node: its tip lies on the head's circle.
            const auto head = std::find_if(layout.nodes().begin(), layout.nodes().end(),
                                           [&](const GraphvizLayout::Node &n) { return n.id == edge.head; });
            QVERIFY(head != layout.nodes().end());
            QVERIFY(QLineF(edge.arrowTip, head->center).length() < 20.0);
            QVERIFY(box.adjusted(-1, -1, 1, 1).contains(edge.labelPos));
        }
    }

    void sameRankSharesX()
    {
        GraphvizLayout layout;
        describeChain(layout, 3);
        GraphvizLayout::Node extra;
        extra.id = QStringLiteral("x");
        extra.size = QSizeF(40, 20);
        layout.addNode(extra);
        layout.addSameRank({QStringLiteral("n0"), QStringLiteral("x")});
        QVERIFY(layout.run());
        QCOMPARE(layout.nodes()[0].center.x(), layout.nodes()[3].center.x());
        QVERIFY(layout.nodes()[0].center.y() != layout.nodes()[3].center.y());
    }

    void unknownNodeIsAnError()
    {
        GraphvizLayout layout;
        describeChain(layout, 2);
        GraphvizLayout::Edge bad;
        bad.tail = QStringLiteral("n0");
        bad.head = QStringLiteral("missing");
        layout.addEdge(bad);
        QString error;
        QVERIFY(!layout.run(&error));
        QVERIFY2(error.contains(QStringLiteral("missing")), qPrintable(error));
    }

    void layoutsFromManyThreads()
    {
        // Graphviz is not thread-safe; the wrapper's mutex must make this safe and correct.
        std::atomic<int> good{0};
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t)
            threads.emplace_back([&good, t] {
                for (int k = 0; k < 5; ++k) {
                    GraphvizLayout layout;
                    describeChain(layout, 3 + (t + k) % 4);
                    if (layout.run() && layout.nodes().back().center.x() > layout.nodes().front().center.x())
                        ++good;
                }
            });
        for (std::thread &thread : threads)
            thread.join();
        QCOMPARE(good.load(), 20);
    }
};

// A GUI main only because CTest passes -platform offscreen to every test.
QTEST_MAIN(TestGraphvizLayout)
#include "tst_graphvizlayout.moc"
