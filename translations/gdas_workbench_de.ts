<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>DataFolderCheck</name>
    <message>
        <source>Unknown data set “%1”.</source>
        <translation>Unbekannter Datensatz „%1“.</translation>
    </message>
    <message>
        <source>Choose the folder that holds the %1 files (%2).</source>
        <translation>Wählen Sie den Ordner mit den %1-Dateien (%2).</translation>
    </message>
    <message>
        <source>The data folder %1 does not exist.</source>
        <translation>Der Datenordner %1 existiert nicht.</translation>
    </message>
    <message>
        <source>The data folder %1 lacks %2.</source>
        <translation>Im Datenordner %1 fehlt %2.</translation>
    </message>
    <message>
        <source>Choose the folder that holds your images.</source>
        <translation>Wählen Sie den Ordner mit Ihren Bildern.</translation>
    </message>
</context>
<context>
    <name>FreshNameButton</name>
    <message>
        <source>Use a &amp;Fresh Name</source>
        <translation>&amp;Freien Namen verwenden</translation>
    </message>
    <message>
        <source>Write to the first free folder name beside the occupied one; nothing in the occupied folder is touched</source>
        <translation>In den ersten freien Ordnernamen neben dem belegten schreiben; im belegten Ordner wird nichts angetastet</translation>
    </message>
</context>
<context>
    <name>GenotypeFiles</name>
    <message>
        <source>JSON</source>
        <translation>JSON</translation>
    </message>
    <message>
        <source>DARTS literal</source>
        <translation>DARTS-Literal</translation>
    </message>
    <message>
        <source>NAS-Bench-201 string</source>
        <translation>NAS-Bench-201-Zeichenkette</translation>
    </message>
    <message>
        <source>%1: a %2 cell cannot be written as a %3</source>
        <translation>%1: Eine %2-Zelle lässt sich nicht als %3 schreiben</translation>
    </message>
    <message>
        <source>%1: cannot write the genotype as %2 (%3)</source>
        <translation>%1: Der Genotyp kann nicht als %2 geschrieben werden (%3)</translation>
    </message>
    <message>
        <source>%1: cannot write (%2)</source>
        <translation>%1: Schreiben nicht möglich (%2)</translation>
    </message>
    <message>
        <source>%1: cannot open (%2)</source>
        <translation>%1: Öffnen nicht möglich (%2)</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1: the run has no genotype yet (no genotype.json, no finished epoch)</source>
        <translation>%1: Der Lauf hat noch keinen Genotyp (keine genotype.json, keine abgeschlossene Epoche)</translation>
    </message>
</context>
<context>
    <name>MetricsCsv</name>
    <message>
        <source>%1: cannot write (%2)</source>
        <translation>%1: Schreiben nicht möglich (%2)</translation>
    </message>
</context>
<context>
    <name>RunDirectoryFollower</name>
    <message>
        <source>%1 is not a run directory (it has no config.json).</source>
        <translation>%1 ist kein Laufverzeichnis (es enthält keine config.json).</translation>
    </message>
</context>
<context>
    <name>TableFiles</name>
    <message>
        <source>Markdown (*.md);;LaTeX (*.tex);;Text (*.txt)</source>
        <translation>Markdown (*.md);;LaTeX (*.tex);;Text (*.txt)</translation>
    </message>
    <message>
        <source>%1 exists; choose another file name</source>
        <translation>%1 existiert bereits; bitte einen anderen Dateinamen wählen</translation>
    </message>
    <message>
        <source>%1: cannot write (%2)</source>
        <translation>%1: Schreiben nicht möglich (%2)</translation>
    </message>
    <message>
        <source>%1: unknown table format (use .md, .tex or .txt)</source>
        <translation>%1: unbekanntes Tabellenformat (.md, .tex oder .txt verwenden)</translation>
    </message>
</context>
<context>
    <name>gdas::app::AboutDialog</name>
    <message>
        <source>About GDAS Workbench</source>
        <translation>Über GDAS Workbench</translation>
    </message>
    <message>
        <source>&lt;h2&gt;GDAS Workbench %1&lt;/h2&gt;&lt;p&gt;Neural architecture search with GDAS (Dong &amp;amp; Yang, &lt;a href=&quot;https://arxiv.org/abs/1910.04465&quot;&gt;“Searching for A Robust Neural Architecture in Four GPU Hours”&lt;/a&gt;, CVPR 2019): run a search, watch its cell evolve, export genotypes and figures, retrain and compare cells.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;GDAS Workbench %1&lt;/h2&gt;&lt;p&gt;Suche nach neuronalen Architekturen mit GDAS (Dong &amp;amp; Yang, &lt;a href=&quot;https://arxiv.org/abs/1910.04465&quot;&gt;„Searching for A Robust Neural Architecture in Four GPU Hours“&lt;/a&gt;, CVPR 2019): Suchen starten, die Entwicklung der Zelle verfolgen, Genotypen und Abbildungen exportieren, Zellen neu trainieren und vergleichen.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>%1 (built with %2)</source>
        <translation>%1 (erstellt mit %2)</translation>
    </message>
    <message numerus="yes">
        <source>, %n CUDA device(s)</source>
        <translation>
            <numerusform>, %n CUDA-Gerät</numerusform>
            <numerusform>, %n CUDA-Geräte</numerusform>
        </translation>
    </message>
    <message>
        <source>Program:</source>
        <translation>Programm:</translation>
    </message>
    <message>
        <source>Qt:</source>
        <translation>Qt:</translation>
    </message>
    <message>
        <source>LibTorch:</source>
        <translation>LibTorch:</translation>
    </message>
    <message>
        <source>Device for new searches:</source>
        <translation>Gerät für neue Suchen:</translation>
    </message>
    <message>
        <source>&amp;Copy Versions</source>
        <translation>Versionen &amp;kopieren</translation>
    </message>
    <message>
        <source>Copy the versions above, e.g. for a bug report</source>
        <translation>Die obigen Versionen kopieren, z. B. für einen Fehlerbericht</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>Über &amp;Qt</translation>
    </message>
</context>
<context>
    <name>gdas::app::CellAnimationExport</name>
    <message>
        <source>%1: no such run directory</source>
        <translation>%1: kein solches Laufverzeichnis</translation>
    </message>
    <message>
        <source>%1: no epoch on record yet, so there is nothing to animate</source>
        <translation>%1: noch keine Epoche aufgezeichnet, es gibt also nichts zu animieren</translation>
    </message>
</context>
<context>
    <name>gdas::app::CompareDialog</name>
    <message>
        <source>Compare Genotypes</source>
        <translation>Genotypen vergleichen</translation>
    </message>
    <message>
        <source>Genotypes (the first is the reference):</source>
        <translation>Genotypen (der erste ist die Referenz):</translation>
    </message>
    <message>
        <source>From &amp;Run…</source>
        <translation>Aus &amp;Lauf…</translation>
    </message>
    <message>
        <source>The genotype of a run directory (genotype.json, or its newest epoch)</source>
        <translation>Der Genotyp eines Laufverzeichnisses (genotype.json oder seine neueste Epoche)</translation>
    </message>
    <message>
        <source>From &amp;File…</source>
        <translation>Aus &amp;Datei…</translation>
    </message>
    <message>
        <source>A file holding JSON, a DARTS literal or a NAS-Bench-201 string</source>
        <translation>Eine Datei mit JSON, einem DARTS-Literal oder einer NAS-Bench-201-Zeichenkette</translation>
    </message>
    <message>
        <source>&amp;Paste…</source>
        <translation>&amp;Einfügen…</translation>
    </message>
    <message>
        <source>&amp;Published Cell</source>
        <translation>&amp;Veröffentlichte Zelle</translation>
    </message>
    <message>
        <source>Re&amp;move</source>
        <translation>&amp;Entfernen</translation>
    </message>
    <message>
        <source>Make &amp;Reference</source>
        <translation>Zur &amp;Referenz machen</translation>
    </message>
    <message>
        <source>space default</source>
        <translation>Standard des Suchraums</translation>
    </message>
    <message>
        <source>DARTS space: cells in all (20); NAS-Bench-201: cells per stage (5)</source>
        <translation>DARTS-Raum: Zellen insgesamt (20); NAS-Bench-201: Zellen je Stufe (5)</translation>
    </message>
    <message>
        <source>Evaluation &amp;C:</source>
        <translation>Auswertungs-&amp;C:</translation>
    </message>
    <message>
        <source>&amp;Layers:</source>
        <translation>&amp;Schichten:</translation>
    </message>
    <message>
        <source>&amp;Export Figure…</source>
        <translation>Abbildung e&amp;xportieren…</translation>
    </message>
    <message>
        <source>At most %1 genotypes can be compared; remove one first.</source>
        <translation>Höchstens %1 Genotypen lassen sich vergleichen; entfernen Sie zuerst einen.</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Genotype %1</source>
        <translation>Genotyp %1</translation>
    </message>
    <message>
        <source>Pasted %1</source>
        <translation>Eingefügt %1</translation>
    </message>
    <message>
        <source>Pasted text: %1</source>
        <translation>Eingefügter Text: %1</translation>
    </message>
    <message>
        <source>There is no published cell named “%1”.</source>
        <translation>Es gibt keine veröffentlichte Zelle namens „%1“.</translation>
    </message>
    <message>
        <source>%1 M</source>
        <translation>%1 Mio.</translation>
    </message>
    <message>
        <source>counting…</source>
        <translation>wird gezählt…</translation>
    </message>
    <message>
        <source>%1  (%2, %3)</source>
        <translation>%1  (%2, %3)</translation>
    </message>
    <message>
        <source>NAS-Bench-201</source>
        <translation>NAS-Bench-201</translation>
    </message>
    <message>
        <source>DARTS</source>
        <translation>DARTS</translation>
    </message>
    <message>
        <source>Genotype of a Run</source>
        <translation>Genotyp eines Laufs</translation>
    </message>
    <message>
        <source>Genotype File</source>
        <translation>Genotyp-Datei</translation>
    </message>
    <message>
        <source>Genotypes (*.json *.py *.txt);;All files (*)</source>
        <translation>Genotypen (*.json *.py *.txt);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Paste Genotype</source>
        <translation>Genotyp einfügen</translation>
    </message>
    <message>
        <source>JSON, a DARTS literal (Genotype(normal=[…], …)) or a NAS-Bench-201 string:</source>
        <translation>JSON, ein DARTS-Literal (Genotype(normal=[…], …)) oder eine NAS-Bench-201-Zeichenkette:</translation>
    </message>
    <message>
        <source>Export Comparison Figure</source>
        <translation>Vergleichsabbildung exportieren</translation>
    </message>
    <message>
        <source>C&amp;hoose…</source>
        <translation>&amp;Auswählen…</translation>
    </message>
    <message>
        <source>A NAS-Bench-201 database (gdas benchmark import) for the table&apos;s test accuracies</source>
        <translation>Eine NAS-Bench-201-Datenbank (gdas benchmark import) für die Testgenauigkeiten der Tabelle</translation>
    </message>
    <message>
        <source>Benchmark:</source>
        <translation>Benchmark:</translation>
    </message>
    <message>
        <source>&amp;Data set:</source>
        <translation>&amp;Datensatz:</translation>
    </message>
    <message>
        <source>&amp;Table</source>
        <translation>&amp;Tabelle</translation>
    </message>
    <message>
        <source>The cells shown as a table: parameters, multiply-adds, benchmark accuracy</source>
        <translation>Die gezeigten Zellen als Tabelle: Parameter, Multiply-Adds, Benchmark-Genauigkeit</translation>
    </message>
    <message>
        <source>Copy as &amp;Markdown</source>
        <translation>Als &amp;Markdown kopieren</translation>
    </message>
    <message>
        <source>Copy as &amp;LaTeX</source>
        <translation>Als &amp;LaTeX kopieren</translation>
    </message>
    <message>
        <source>&amp;Export Table…</source>
        <translation>Tabelle &amp;exportieren…</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>Table copied.</source>
        <translation>Tabelle kopiert.</translation>
    </message>
    <message>
        <source>Table copied; some sizes were still being counted.</source>
        <translation>Tabelle kopiert; einige Größen wurden noch gezählt.</translation>
    </message>
    <message>
        <source>NAS-Bench-201 Database</source>
        <translation>NAS-Bench-201-Datenbank</translation>
    </message>
    <message>
        <source>Benchmark databases (*.sqlite *.db);;All files (*)</source>
        <translation>Benchmark-Datenbanken (*.sqlite *.db);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Export Table</source>
        <translation>Tabelle exportieren</translation>
    </message>
    <message>
        <source>Wrote %1</source>
        <translation>%1 geschrieben</translation>
    </message>
    <message>
        <source>%1  (%2, %3, %4 % on %5)</source>
        <translation>%1  (%2, %3, %4 % auf %5)</translation>
    </message>
</context>
<context>
    <name>gdas::app::DataFolderRows</name>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>The folder with the data set&apos;s files; empty uses the default folder shown</source>
        <translation>Der Ordner mit den Dateien des Datensatzes; leer nimmt den angezeigten Standardordner</translation>
    </message>
    <message>
        <source>Data &amp;folder:</source>
        <translation>Daten&amp;ordner:</translation>
    </message>
    <message>
        <source> px</source>
        <translation> px</translation>
    </message>
    <message>
        <source>Image folders: each image&apos;s shorter side is resized to this, then the centre square is kept</source>
        <translation>Bildordner: Die kürzere Seite jedes Bildes wird auf diesen Wert skaliert, dann bleibt das mittlere Quadrat</translation>
    </message>
    <message>
        <source>Ima&amp;ge size:</source>
        <translation>&amp;Bildgröße:</translation>
    </message>
    <message>
        <source>not needed</source>
        <translation>nicht nötig</translation>
    </message>
    <message>
        <source>required: one sub-folder per class of PNG/JPEG files</source>
        <translation>erforderlich: je Klasse ein Unterordner mit PNG-/JPEG-Dateien</translation>
    </message>
    <message>
        <source>Reading the image folder…</source>
        <translation>Der Bildordner wird gelesen…</translation>
    </message>
    <message>
        <source>Data Folder</source>
        <translation>Datenordner</translation>
    </message>
    <message>
        <source>Fashion-MNIST</source>
        <translation>Fashion-MNIST</translation>
    </message>
    <message>
        <source>CIFAR-10</source>
        <translation>CIFAR-10</translation>
    </message>
    <message>
        <source>CIFAR-100</source>
        <translation>CIFAR-100</translation>
    </message>
    <message>
        <source>Synthetic (generated patterns)</source>
        <translation>Synthetisch (erzeugte Muster)</translation>
    </message>
    <message>
        <source>Image folder (your PNG/JPEG files, one sub-folder per class)</source>
        <translation>Bildordner (Ihre PNG-/JPEG-Dateien, je Klasse ein Unterordner)</translation>
    </message>
    <message>
        <source>Data s&amp;et:</source>
        <translation>Daten&amp;satz:</translation>
    </message>
</context>
<context>
    <name>gdas::app::FigureExportDialog</name>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>&amp;File:</source>
        <translation>&amp;Datei:</translation>
    </message>
    <message>
        <source>&amp;Size:</source>
        <translation>&amp;Größe:</translation>
    </message>
    <message>
        <source>SVG (*.svg);;PDF (*.pdf);;PNG (*.png)</source>
        <translation>SVG (*.svg);;PDF (*.pdf);;PNG (*.png)</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>PNG (*.png)</source>
        <translation>PNG (*.png)</translation>
    </message>
    <message>
        <source>SVG (*.svg)</source>
        <translation>SVG (*.svg)</translation>
    </message>
    <message>
        <source>The file name must end in .svg, .pdf or .png.</source>
        <translation>Der Dateiname muss auf .svg, .pdf oder .png enden.</translation>
    </message>
    <message>
        <source>pixels</source>
        <translation>Pixel</translation>
    </message>
    <message>
        <source>points (page size)</source>
        <translation>Punkte (Seitengröße)</translation>
    </message>
    <message>
        <source>The file to write; its suffix (.svg, .pdf or .png) picks the format</source>
        <translation>Die zu schreibende Datei; ihre Endung (.svg, .pdf oder .png) bestimmt das Format</translation>
    </message>
    <message>
        <source>Width: pixels for PNG, points for SVG and PDF</source>
        <translation>Breite: Pixel für PNG, Punkte für SVG und PDF</translation>
    </message>
    <message>
        <source>Height: pixels for PNG, points for SVG and PDF</source>
        <translation>Höhe: Pixel für PNG, Punkte für SVG und PDF</translation>
    </message>
    <message>
        <source>Replace File?</source>
        <translation>Datei ersetzen?</translation>
    </message>
    <message>
        <source>%1 already exists. Replace it?</source>
        <translation>%1 existiert bereits. Ersetzen?</translation>
    </message>
</context>
<context>
    <name>gdas::app::HelpDialog</name>
    <message>
        <source>GDAS Workbench User Guide</source>
        <translation>Benutzerhandbuch von GDAS Workbench</translation>
    </message>
    <message>
        <source>&amp;Back</source>
        <translation>&amp;Zurück</translation>
    </message>
    <message>
        <source>&amp;Contents</source>
        <translation>&amp;Inhalt</translation>
    </message>
    <message>
        <source>Back to the start of the user guide</source>
        <translation>Zurück zum Anfang des Benutzerhandbuchs</translation>
    </message>
</context>
<context>
    <name>gdas::app::ImageFolderPreview</name>
    <message>
        <source>Class</source>
        <translation>Klasse</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>Training</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>Test</translation>
    </message>
    <message>
        <source>First training images</source>
        <translation>Erste Trainingsbilder</translation>
    </message>
    <message>
        <source>The classes found (one sub-folder each) and their first images, decoded and brought to the image size as the network will see them</source>
        <translation>Die gefundenen Klassen (je ein Unterordner) und ihre ersten Bilder, decodiert und auf die Bildgröße gebracht, wie das Netz sie sieht</translation>
    </message>
    <message>
        <source>Choose the folder that holds your images: one sub-folder per class of PNG or JPEG files (or train/ and test/ folders holding such sub-folders).</source>
        <translation>Wählen Sie den Ordner mit Ihren Bildern: je Klasse ein Unterordner mit PNG- oder JPEG-Dateien (oder Ordner train/ und test/ mit solchen Unterordnern).</translation>
    </message>
    <message>
        <source>one folder per class, every 10th image held out for testing</source>
        <translation>ein Ordner je Klasse, jedes 10. Bild zum Testen zurückbehalten</translation>
    </message>
    <message>
        <source>train/ only, every 10th image held out for testing</source>
        <translation>nur train/, jedes 10. Bild zum Testen zurückbehalten</translation>
    </message>
    <message>
        <source>%1 folders</source>
        <translation>Ordner %1</translation>
    </message>
    <message numerus="yes">
        <source>%n classes, </source>
        <translation>
            <numerusform>%n Klasse, </numerusform>
            <numerusform>%n Klassen, </numerusform>
        </translation>
    </message>
    <message>
        <source>%1 training and %2 test images (%3), brought to %4×%4 pixels.</source>
        <translation>%1 Trainings- und %2 Testbilder (%3), gebracht auf %4×%4 Pixel.</translation>
    </message>
    <message numerus="yes">
        <source>%n other file(s) will be skipped (not .png, .jpg or .jpeg), e.g. %1.</source>
        <translation>
            <numerusform>%n andere Datei wird übersprungen (nicht .png, .jpg oder .jpeg), z. B. %1.</numerusform>
            <numerusform>%n andere Dateien werden übersprungen (nicht .png, .jpg oder .jpeg), z. B. %1.</numerusform>
        </translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>%1 wird gelesen…</translation>
    </message>
</context>
<context>
    <name>gdas::app::MainWindow</name>
    <message>
        <source>Search Failed</source>
        <translation>Suche fehlgeschlagen</translation>
    </message>
    <message>
        <source>Cannot Follow the Run</source>
        <translation>Lauf kann nicht verfolgt werden</translation>
    </message>
    <message>
        <source>Cannot Open the Run</source>
        <translation>Lauf kann nicht geöffnet werden</translation>
    </message>
    <message>
        <source>Architecture Weights</source>
        <translation>Architekturgewichte</translation>
    </message>
    <message>
        <source>Genotype</source>
        <translation>Genotyp</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <source>Cannot Start the Search</source>
        <translation>Suche kann nicht gestartet werden</translation>
    </message>
    <message>
        <source>Open Run Directory</source>
        <translation>Laufverzeichnis öffnen</translation>
    </message>
    <message>
        <source>Cannot Resume the Run</source>
        <translation>Lauf kann nicht fortgesetzt werden</translation>
    </message>
    <message>
        <source>GDAS Workbench</source>
        <translation>GDAS Workbench</translation>
    </message>
    <message>
        <source>%1 — GDAS Workbench</source>
        <translation>%1 — GDAS Workbench</translation>
    </message>
    <message>
        <source>Cannot add %1: %2</source>
        <translation>%1 kann nicht hinzugefügt werden: %2</translation>
    </message>
    <message>
        <source>Settings saved; they take effect at the next start</source>
        <translation>Einstellungen gespeichert; sie gelten ab dem nächsten Start</translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation>Fehler: %1</translation>
    </message>
    <message>
        <source>Search Running</source>
        <translation>Suche läuft</translation>
    </message>
    <message>
        <source>A search is running. Stop it (keeping a checkpoint to resume from) and quit?</source>
        <translation>Eine Suche läuft. Stoppen (mit einem Checkpoint zum Fortsetzen) und beenden?</translation>
    </message>
    <message>
        <source>Search Health</source>
        <translation>Suchzustand</translation>
    </message>
    <message>
        <source>Benchmark</source>
        <translation>Benchmark</translation>
    </message>
    <message>
        <source>Open Study Folder</source>
        <translation>Studienordner öffnen</translation>
    </message>
    <message>
        <source>Cannot Open the Study</source>
        <translation>Studie kann nicht geöffnet werden</translation>
    </message>
</context>
<context>
    <name>gdas::app::NewSearchDialog</name>
    <message>
        <source>New Search</source>
        <translation>Neue Suche</translation>
    </message>
    <message>
        <source>&amp;Search</source>
        <translation>&amp;Suche</translation>
    </message>
    <message>
        <source>&amp;Optimisation</source>
        <translation>&amp;Optimierung</translation>
    </message>
    <message>
        <source>&amp;Data &amp;&amp; Limits</source>
        <translation>&amp;Daten &amp;&amp; Grenzen</translation>
    </message>
    <message>
        <source>&amp;Start Search</source>
        <translation>Suche &amp;starten</translation>
    </message>
    <message>
        <source>&amp;Quick Look on CPU</source>
        <translation>&amp;Schnellansicht auf der CPU</translation>
    </message>
    <message>
        <source>&amp;Paper Defaults</source>
        <translation>&amp;Werte aus dem Paper</translation>
    </message>
    <message>
        <source>The settings of the official GDAS search scripts</source>
        <translation>Die Einstellungen der offiziellen GDAS-Suchskripte</translation>
    </message>
    <message>
        <source>DARTS (NASNet cells)</source>
        <translation>DARTS (NASNet-Zellen)</translation>
    </message>
    <message>
        <source>NAS-Bench-201</source>
        <translation>NAS-Bench-201</translation>
    </message>
    <message>
        <source>Search s&amp;pace:</source>
        <translation>Such&amp;raum:</translation>
    </message>
    <message>
        <source>GDAS</source>
        <translation>GDAS</translation>
    </message>
    <message>
        <source>GDAS-FRC (fixed reduction cell)</source>
        <translation>GDAS-FRC (feste Reduktionszelle)</translation>
    </message>
    <message>
        <source>DARTS (first order)</source>
        <translation>DARTS (erster Ordnung)</translation>
    </message>
    <message>
        <source>&amp;Algorithm:</source>
        <translation>&amp;Algorithmus:</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>&amp;Epochs:</source>
        <translation>&amp;Epochen:</translation>
    </message>
    <message>
        <source>Images per batch in each half of the split; 0 uses the space&apos;s default</source>
        <translation>Bilder je Batch in jeder Hälfte der Aufteilung; 0 nimmt den Standard des Suchraums</translation>
    </message>
    <message>
        <source>&amp;Batch size:</source>
        <translation>&amp;Batchgröße:</translation>
    </message>
    <message>
        <source>C: channels of the first stage</source>
        <translation>C: Kanäle der ersten Stufe</translation>
    </message>
    <message>
        <source>&amp;Channels (C):</source>
        <translation>&amp;Kanäle (C):</translation>
    </message>
    <message>
        <source>N: cells per stage; 0 uses the space&apos;s default</source>
        <translation>N: Zellen je Stufe; 0 nimmt den Standard des Suchraums</translation>
    </message>
    <message>
        <source>Cells per stage (&amp;N):</source>
        <translation>Zellen je Stufe (&amp;N):</translation>
    </message>
    <message>
        <source>Se&amp;ed:</source>
        <translation>Star&amp;twert:</translation>
    </message>
    <message>
        <source>auto (CUDA when available)</source>
        <translation>auto (CUDA, falls verfügbar)</translation>
    </message>
    <message>
        <source>cpu</source>
        <translation>cpu</translation>
    </message>
    <message>
        <source>cuda</source>
        <translation>cuda</translation>
    </message>
    <message>
        <source>auto, cpu, cuda or cuda:N</source>
        <translation>auto, cpu, cuda oder cuda:N</translation>
    </message>
    <message>
        <source>De&amp;vice:</source>
        <translation>&amp;Gerät:</translation>
    </message>
    <message>
        <source>LibTorch default</source>
        <translation>LibTorch-Standard</translation>
    </message>
    <message>
        <source>CPU &amp;threads:</source>
        <translation>CPU-&amp;Threads:</translation>
    </message>
    <message>
        <source>Run &amp;name:</source>
        <translation>&amp;Name des Laufs:</translation>
    </message>
    <message>
        <source>&amp;Output folder:</source>
        <translation>A&amp;usgabeordner:</translation>
    </message>
    <message>
        <source>&lt;b&gt;Weights&lt;/b&gt; (SGD, Nesterov, cosine schedule)</source>
        <translation>&lt;b&gt;Gewichte&lt;/b&gt; (SGD, Nesterov, Kosinus-Zeitplan)</translation>
    </message>
    <message>
        <source>&amp;Gradient clip (norm):</source>
        <translation>&amp;Gradientenbegrenzung (Norm):</translation>
    </message>
    <message>
        <source>&lt;b&gt;Architecture&lt;/b&gt; (Adam)</source>
        <translation>&lt;b&gt;Architektur&lt;/b&gt; (Adam)</translation>
    </message>
    <message>
        <source>Arch learning r&amp;ate:</source>
        <translation>Architektur-Lern&amp;rate:</translation>
    </message>
    <message>
        <source>Adam β&amp;1:</source>
        <translation>Adam β&amp;1:</translation>
    </message>
    <message>
        <source>Adam β&amp;2:</source>
        <translation>Adam β&amp;2:</translation>
    </message>
    <message>
        <source>Arch weight &amp;decay:</source>
        <translation>Architektur-Gewichts&amp;zerfall:</translation>
    </message>
    <message>
        <source>&lt;b&gt;Gumbel-softmax temperature&lt;/b&gt; (linear from τ max to τ min)</source>
        <translation>&lt;b&gt;Gumbel-Softmax-Temperatur&lt;/b&gt; (linear von τ max bis τ min)</translation>
    </message>
    <message>
        <source>τ ma&amp;x:</source>
        <translation>τ ma&amp;x:</translation>
    </message>
    <message>
        <source>τ mi&amp;n:</source>
        <translation>τ mi&amp;n:</translation>
    </message>
    <message>
        <source>DARTS: two strongest distinct inputs per node</source>
        <translation>DARTS: zwei stärkste verschiedene Eingänge je Knoten</translation>
    </message>
    <message>
        <source>GDAS official: two strongest (op, input) pairs</source>
        <translation>GDAS offiziell: zwei stärkste (Operation, Eingang)-Paare</translation>
    </message>
    <message>
        <source>Genotype &amp;rule:</source>
        <translation>Genotyp-&amp;Regel:</translation>
    </message>
    <message>
        <source>all images</source>
        <translation>alle Bilder</translation>
    </message>
    <message>
        <source>&amp;Training images:</source>
        <translation>&amp;Trainingsbilder:</translation>
    </message>
    <message>
        <source>T&amp;est images:</source>
        <translation>T&amp;estbilder:</translation>
    </message>
    <message>
        <source>the whole half-split</source>
        <translation>die ganze Hälfte der Aufteilung</translation>
    </message>
    <message>
        <source>&amp;Max steps per epoch:</source>
        <translation>&amp;Max. Schritte je Epoche:</translation>
    </message>
    <message>
        <source>&amp;Log every (steps):</source>
        <translation>Protoko&amp;llieren alle (Schritte):</translation>
    </message>
    <message>
        <source>Random crop and horizontal flip</source>
        <translation>Zufälliger Ausschnitt und horizontale Spiegelung</translation>
    </message>
    <message>
        <source>&amp;Augmentation:</source>
        <translation>&amp;Augmentierung:</translation>
    </message>
    <message>
        <source>off</source>
        <translation>aus</translation>
    </message>
    <message>
        <source>C&amp;utout side:</source>
        <translation>C&amp;utout-Seite:</translation>
    </message>
    <message>
        <source>&lt;b&gt;Synthetic data set&lt;/b&gt;</source>
        <translation>&lt;b&gt;Synthetischer Datensatz&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Ima&amp;ges:</source>
        <translation>&amp;Bilder:</translation>
    </message>
    <message>
        <source>C&amp;hannels:</source>
        <translation>&amp;Kanäle:</translation>
    </message>
    <message>
        <source>&amp;Side (pixels):</source>
        <translation>&amp;Seite (Pixel):</translation>
    </message>
    <message>
        <source>Cla&amp;sses:</source>
        <translation>Kla&amp;ssen:</translation>
    </message>
    <message>
        <source>&lt;b&gt;Performance&lt;/b&gt;</source>
        <translation>&lt;b&gt;Leistung&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Channels-last activations (faster oneDNN convolutions on CPU)</source>
        <translation>Channels-last-Aktivierungen (schnellere oneDNN-Faltungen auf der CPU)</translation>
    </message>
    <message>
        <source>Deterministic algorithms (reproducible on GPU, slower)</source>
        <translation>Deterministische Algorithmen (reproduzierbar auf der GPU, langsamer)</translation>
    </message>
    <message>
        <source>space default (%1)</source>
        <translation>Standard des Suchraums (%1)</translation>
    </message>
    <message>
        <source>Device “%1” is not one of auto, cpu, cuda or cuda:N.</source>
        <translation>Gerät „%1“ ist nicht auto, cpu, cuda oder cuda:N.</translation>
    </message>
    <message>
        <source>The output folder %1 is a file.</source>
        <translation>Der Ausgabeordner %1 ist eine Datei.</translation>
    </message>
    <message>
        <source>The output folder %1 already holds a run; choose another one (or open that run to resume it).</source>
        <translation>Der Ausgabeordner %1 enthält bereits einen Lauf; wählen Sie einen anderen (oder öffnen Sie diesen Lauf, um ihn fortzusetzen).</translation>
    </message>
    <message>
        <source>The output folder %1 is not empty.</source>
        <translation>Der Ausgabeordner %1 ist nicht leer.</translation>
    </message>
    <message>
        <source>Output Folder</source>
        <translation>Ausgabeordner</translation>
    </message>
    <message>
        <source>DARTS: normal and reduction cells of 4 nodes and 8 candidate operations; NAS-Bench-201: one cell of 4 nodes and 5 operations</source>
        <translation>DARTS: Normal- und Reduktionszelle mit 4 Knoten und 8 Kandidatenoperationen; NAS-Bench-201: eine Zelle mit 4 Knoten und 5 Operationen</translation>
    </message>
    <message>
        <source>GDAS samples one operation per edge; GDAS-FRC searches the normal cell only; DARTS mixes all operations (first-order gradient)</source>
        <translation>GDAS wählt je Kante eine Operation aus; GDAS-FRC sucht nur die Normalzelle; DARTS mischt alle Operationen (Gradient erster Ordnung)</translation>
    </message>
    <message>
        <source>The training set is split in halves: one trains the weights, the other the architecture</source>
        <translation>Der Trainingssatz wird halbiert: Eine Hälfte trainiert die Gewichte, die andere die Architektur</translation>
    </message>
    <message>
        <source>Passes over the training half; τ falls linearly over them</source>
        <translation>Durchläufe durch die Trainingshälfte; τ sinkt über sie linear</translation>
    </message>
    <message>
        <source>Seeds the split, the initial weights and the Gumbel noise: the same seed repeats a search</source>
        <translation>Startwert für die Aufteilung, die Anfangsgewichte und das Gumbel-Rauschen: Derselbe Startwert wiederholt eine Suche</translation>
    </message>
    <message>
        <source>Threads LibTorch uses on the CPU</source>
        <translation>Threads, die LibTorch auf der CPU verwendet</translation>
    </message>
    <message>
        <source>Names the run and its folder; empty uses the generated name shown</source>
        <translation>Benennt den Lauf und seinen Ordner; leer nimmt den angezeigten erzeugten Namen</translation>
    </message>
    <message>
        <source>The run directory to write; it must not exist yet or be empty</source>
        <translation>Das zu schreibende Laufverzeichnis; es darf noch nicht existieren oder muss leer sein</translation>
    </message>
    <message>
        <source>A small search on 2000 Fashion-MNIST images that shows the cells evolving within a few minutes on two CPU cores</source>
        <translation>Eine kleine Suche auf 2000 Fashion-MNIST-Bildern, die auf zwei CPU-Kernen in wenigen Minuten die Zellen entstehen lässt</translation>
    </message>
    <message>
        <source>NAS-Bench-201: one cell, about a minute</source>
        <translation>NAS-Bench-201: eine Zelle, etwa eine Minute</translation>
    </message>
    <message>
        <source>DARTS: normal and reduction cells, about two minutes</source>
        <translation>DARTS: Normal- und Reduktionszelle, etwa zwei Minuten</translation>
    </message>
</context>
<context>
    <name>gdas::app::RetrainDialog</name>
    <message>
        <source>Retrain a Genotype</source>
        <translation>Genotyp neu trainieren</translation>
    </message>
    <message>
        <source>&amp;Network &amp;&amp; Data</source>
        <translation>&amp;Netz &amp;&amp; Daten</translation>
    </message>
    <message>
        <source>&amp;Training</source>
        <translation>&amp;Training</translation>
    </message>
    <message>
        <source>Published: %1</source>
        <translation>Veröffentlicht: %1</translation>
    </message>
    <message>
        <source>Other: a name, a file or the text</source>
        <translation>Andere: ein Name, eine Datei oder der Text</translation>
    </message>
    <message>
        <source>&amp;Genotype:</source>
        <translation>&amp;Genotyp:</translation>
    </message>
    <message>
        <source>DARTS_V2, /path/genotype.json, Genotype(normal=[…]) or |nor_conv_3x3~0|+…</source>
        <translation>DARTS_V2, /pfad/genotype.json, Genotype(normal=[…]) oder |nor_conv_3x3~0|+…</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>Genotype File</source>
        <translation>Genotyp-Datei</translation>
    </message>
    <message>
        <source>Genotypes (*.json *.py *.txt);;All files (*)</source>
        <translation>Genotypen (*.json *.py *.txt);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>default (36; Fashion-MNIST 16; NAS-Bench-201 16)</source>
        <translation>Standard (36; Fashion-MNIST 16; NAS-Bench-201 16)</translation>
    </message>
    <message>
        <source>&amp;Channels (C):</source>
        <translation>&amp;Kanäle (C):</translation>
    </message>
    <message>
        <source>default (20 cells; Fashion-MNIST 8; NAS-Bench-201 N=5)</source>
        <translation>Standard (20 Zellen; Fashion-MNIST 8; NAS-Bench-201 N=5)</translation>
    </message>
    <message>
        <source>&amp;Layers:</source>
        <translation>&amp;Schichten:</translation>
    </message>
    <message>
        <source>Auxiliary head after 2/3 of the depth</source>
        <translation>Hilfsklassifikator nach 2/3 der Tiefe</translation>
    </message>
    <message>
        <source>A&amp;uxiliary:</source>
        <translation>&amp;Hilfskopf:</translation>
    </message>
    <message>
        <source>See&amp;d:</source>
        <translation>Star&amp;twert:</translation>
    </message>
    <message>
        <source>De&amp;vice:</source>
        <translation>&amp;Gerät:</translation>
    </message>
    <message>
        <source>Run &amp;name:</source>
        <translation>&amp;Name des Laufs:</translation>
    </message>
    <message>
        <source>&amp;Output folder:</source>
        <translation>A&amp;usgabeordner:</translation>
    </message>
    <message>
        <source>&amp;Epochs:</source>
        <translation>&amp;Epochen:</translation>
    </message>
    <message>
        <source>&amp;Batch size:</source>
        <translation>&amp;Batchgröße:</translation>
    </message>
    <message>
        <source>&amp;Gradient clip:</source>
        <translation>&amp;Gradientenbegrenzung:</translation>
    </message>
    <message>
        <source>Auxiliary &amp;weight:</source>
        <translation>Ge&amp;wicht des Hilfskopfs:</translation>
    </message>
    <message>
        <source>&amp;Drop-path:</source>
        <translation>&amp;Drop-Path:</translation>
    </message>
    <message>
        <source>off</source>
        <translation>aus</translation>
    </message>
    <message>
        <source>C&amp;utout side:</source>
        <translation>C&amp;utout-Seite:</translation>
    </message>
    <message>
        <source>all images</source>
        <translation>alle Bilder</translation>
    </message>
    <message>
        <source>&amp;Training images:</source>
        <translation>&amp;Trainingsbilder:</translation>
    </message>
    <message>
        <source>Te&amp;st images:</source>
        <translation>Te&amp;stbilder:</translation>
    </message>
    <message>
        <source>the whole training set</source>
        <translation>der ganze Trainingssatz</translation>
    </message>
    <message>
        <source>Ma&amp;x steps per epoch:</source>
        <translation>Ma&amp;x. Schritte je Epoche:</translation>
    </message>
    <message>
        <source>&amp;Log every (steps):</source>
        <translation>Protoko&amp;llieren alle (Schritte):</translation>
    </message>
    <message>
        <source>&amp;Start Retraining</source>
        <translation>Training &amp;starten</translation>
    </message>
    <message>
        <source>&amp;Quick Look on CPU</source>
        <translation>&amp;Schnellansicht auf der CPU</translation>
    </message>
    <message>
        <source>Open run: %1</source>
        <translation>Geöffneter Lauf: %1</translation>
    </message>
    <message>
        <source>Give a genotype: a published name, a file, or the text itself.</source>
        <translation>Geben Sie einen Genotyp an: einen veröffentlichten Namen, eine Datei oder den Text selbst.</translation>
    </message>
    <message>
        <source>Unknown genotype “%1”.</source>
        <translation>Unbekannter Genotyp „%1“.</translation>
    </message>
    <message>
        <source>Device “%1” is not one of auto, cpu, cuda or cuda:N.</source>
        <translation>Gerät „%1“ ist nicht auto, cpu, cuda oder cuda:N.</translation>
    </message>
    <message>
        <source>The output folder %1 is not empty.</source>
        <translation>Der Ausgabeordner %1 ist nicht leer.</translation>
    </message>
    <message>
        <source>The cell to train: a published one, the open run&apos;s, or any other (a name, a genotype file or the text)</source>
        <translation>Die zu trainierende Zelle: eine veröffentlichte, die des geöffneten Laufs oder eine andere (ein Name, eine Genotyp-Datei oder der Text)</translation>
    </message>
    <message>
        <source>C: channels of the first cells of the evaluation network</source>
        <translation>C: Kanäle der ersten Zellen des Auswertungsnetzes</translation>
    </message>
    <message>
        <source>DARTS space: cells in all; NAS-Bench-201: cells per stage</source>
        <translation>DARTS-Raum: Zellen insgesamt; NAS-Bench-201: Zellen je Stufe</translation>
    </message>
    <message>
        <source>Seeds the initial weights and the data order: the same seed repeats a run</source>
        <translation>Startwert für die Anfangsgewichte und die Datenreihenfolge: Derselbe Startwert wiederholt einen Lauf</translation>
    </message>
    <message>
        <source>auto, cpu, cuda or cuda:N</source>
        <translation>auto, cpu, cuda oder cuda:N</translation>
    </message>
    <message>
        <source>Names the run and its folder; empty uses the generated name shown</source>
        <translation>Benennt den Lauf und seinen Ordner; leer nimmt den angezeigten erzeugten Namen</translation>
    </message>
    <message>
        <source>The run directory to write; it must not exist yet or be empty</source>
        <translation>Das zu schreibende Laufverzeichnis; es darf noch nicht existieren oder muss leer sein</translation>
    </message>
</context>
<context>
    <name>gdas::app::RetrainWindow</name>
    <message>
        <source>Retraining — GDAS Workbench</source>
        <translation>Neutraining — GDAS Workbench</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <source>Retraining</source>
        <translation>Neutraining</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>&amp;Pause</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>S&amp;toppen</translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation>Fehler: %1</translation>
    </message>
    <message>
        <source>Retraining Failed</source>
        <translation>Neutraining fehlgeschlagen</translation>
    </message>
    <message>
        <source>Retraining %1 — GDAS Workbench</source>
        <translation>Neutraining %1 — GDAS Workbench</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Wird gestartet…</translation>
    </message>
    <message>
        <source>Retraining %1 in %2</source>
        <translation>Trainiere %1 neu in %2</translation>
    </message>
    <message>
        <source>Running on %1</source>
        <translation>Läuft auf %1</translation>
    </message>
    <message>
        <source>%1: %2 parameters (%3 with the auxiliary head), %4 training and %5 test images</source>
        <translation>%1: %2 Parameter (%3 mit dem Hilfskopf), %4 Trainings- und %5 Testbilder</translation>
    </message>
    <message>
        <source>Epoch %1/%2, step %3/%4</source>
        <translation>Epoche %1/%2, Schritt %3/%4</translation>
    </message>
    <message>
        <source>ETA %1</source>
        <translation>Restzeit %1</translation>
    </message>
    <message>
        <source>test top-1 %1% (best %2% at epoch %3)</source>
        <translation>Test-Top-1 %1 % (bestes %2 % in Epoche %3)</translation>
    </message>
    <message>
        <source>Res&amp;ume</source>
        <translation>&amp;Fortsetzen</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>Angehalten</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Läuft</translation>
    </message>
    <message>
        <source>Finished: best test top-1 %1% (epoch %2)</source>
        <translation>Abgeschlossen: bestes Test-Top-1 %1 % (Epoche %2)</translation>
    </message>
    <message numerus="yes">
        <source>Stopped after %n epoch(s)</source>
        <translation>
            <numerusform>Nach %n Epoche gestoppt</numerusform>
            <numerusform>Nach %n Epochen gestoppt</numerusform>
        </translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Weights: %1</source>
        <translation>Gewichte: %1</translation>
    </message>
    <message>
        <source>Retraining Running</source>
        <translation>Neutraining läuft</translation>
    </message>
    <message>
        <source>The retraining is running. Stop it (keeping a checkpoint to resume from) and close?</source>
        <translation>Das Neutraining läuft. Stoppen (mit einem Checkpoint zum Fortsetzen) und schließen?</translation>
    </message>
</context>
<context>
    <name>gdas::app::RunDocument</name>
    <message>
        <source>Not following</source>
        <translation>Keine Verfolgung</translation>
    </message>
    <message>
        <source>running</source>
        <translation>läuft</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>angehalten</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>gestoppt</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>abgeschlossen</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>A search is running; stop it before opening another run.</source>
        <translation>Eine Suche läuft; stoppen Sie sie, bevor Sie einen anderen Lauf öffnen.</translation>
    </message>
    <message>
        <source>Following %1</source>
        <translation>Verfolge %1</translation>
    </message>
    <message>
        <source>Opened %1 (%2 metric rows, %3 epochs%4)</source>
        <translation>%1 geöffnet (%2 Metrikzeilen, %3 Epochen%4)</translation>
    </message>
    <message>
        <source>, %1</source>
        <translation>, %1</translation>
    </message>
    <message>
        <source>A search is already running.</source>
        <translation>Es läuft bereits eine Suche.</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Wird gestartet…</translation>
    </message>
    <message>
        <source>Starting search %1 in %2</source>
        <translation>Starte Suche %1 in %2</translation>
    </message>
    <message>
        <source>The open run cannot be resumed (it is not stopped, or it has no checkpoint).</source>
        <translation>Der geöffnete Lauf kann nicht fortgesetzt werden (er ist nicht gestoppt oder hat keinen Checkpoint).</translation>
    </message>
    <message>
        <source>Resuming…</source>
        <translation>Wird fortgesetzt…</translation>
    </message>
    <message>
        <source>Resuming %1 from its checkpoint</source>
        <translation>Setze %1 vom Checkpoint fort</translation>
    </message>
    <message>
        <source>Pausing…</source>
        <translation>Wird angehalten…</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>Wird gestoppt…</translation>
    </message>
    <message>
        <source>Running on %1</source>
        <translation>Läuft auf %1</translation>
    </message>
    <message>
        <source>Running on %1: %2 weight parameters, %3 architecture parameters, %4 steps per epoch</source>
        <translation>Läuft auf %1: %2 Gewichtsparameter, %3 Architekturparameter, %4 Schritte je Epoche</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>Angehalten</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Läuft</translation>
    </message>
    <message>
        <source>Resumed</source>
        <translation>Fortgesetzt</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>Abgeschlossen</translation>
    </message>
    <message numerus="yes">
        <source>Stopped after %n epoch(s)</source>
        <translation>
            <numerusform>Nach %n Epoche gestoppt</numerusform>
            <numerusform>Nach %n Epochen gestoppt</numerusform>
        </translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Cannot read the run back: %1</source>
        <translation>Der Lauf kann nicht zurückgelesen werden: %1</translation>
    </message>
    <message>
        <source>Following %1 (%2)</source>
        <translation>Verfolge %1 (%2)</translation>
    </message>
    <message>
        <source>Run status: %1</source>
        <translation>Laufstatus: %1</translation>
    </message>
    <message>
        <source>Run status: %1 — %2</source>
        <translation>Laufstatus: %1 — %2</translation>
    </message>
</context>
<context>
    <name>gdas::app::RunExports</name>
    <message>
        <source>%1: there is no genotype to export yet</source>
        <translation>%1: Es gibt noch keinen Genotyp zum Exportieren</translation>
    </message>
    <message>
        <source>Wrote %1</source>
        <translation>%1 geschrieben</translation>
    </message>
    <message>
        <source>Export Failed</source>
        <translation>Export fehlgeschlagen</translation>
    </message>
    <message>
        <source>Export Genotype as %1</source>
        <translation>Genotyp als %1 exportieren</translation>
    </message>
    <message>
        <source>Export Cell Figure</source>
        <translation>Zellabbildung exportieren</translation>
    </message>
    <message>
        <source>Export Curves Figure</source>
        <translation>Kurvenabbildung exportieren</translation>
    </message>
    <message>
        <source>Export Heat Map</source>
        <translation>Heatmap exportieren</translation>
    </message>
    <message>
        <source>Export Metrics</source>
        <translation>Metriken exportieren</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>Genotype copied</source>
        <translation>Genotyp kopiert</translation>
    </message>
    <message>
        <source>Cannot Copy the Genotype</source>
        <translation>Genotyp kann nicht kopiert werden</translation>
    </message>
    <message>
        <source>Export Benchmark Figure</source>
        <translation>Benchmark-Abbildung exportieren</translation>
    </message>
    <message>
        <source>Export Cell Animation</source>
        <translation>Zellanimation exportieren</translation>
    </message>
    <message>
        <source>Animated GIF (*.gif)</source>
        <translation>Animiertes GIF (*.gif)</translation>
    </message>
    <message>
        <source>Replace File?</source>
        <translation>Datei ersetzen?</translation>
    </message>
    <message>
        <source>%1 already exists. Replace it?</source>
        <translation>%1 existiert bereits. Ersetzen?</translation>
    </message>
    <message>
        <source>Drawing the cells of every epoch…</source>
        <translation>Die Zellen jeder Epoche werden gezeichnet…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
</context>
<context>
    <name>gdas::app::RunFailureDialog</name>
    <message>
        <source>Search Stopped: Non-Finite Loss</source>
        <translation>Suche gestoppt: Verlust nicht endlich</translation>
    </message>
    <message>
        <source>&lt;p&gt;The search in &lt;b&gt;%1&lt;/b&gt; stopped:&lt;/p&gt;&lt;p&gt;%2&lt;/p&gt;&lt;p&gt;Nothing after the last good checkpoint was kept. Training usually gets past a diverging loss with lower learning rates: the run can continue from that checkpoint with the weights&apos; and the architecture&apos;s learning rates multiplied by the factor below (recorded in the run&apos;s config.json).&lt;/p&gt;</source>
        <translation>&lt;p&gt;Die Suche in &lt;b&gt;%1&lt;/b&gt; wurde gestoppt:&lt;/p&gt;&lt;p&gt;%2&lt;/p&gt;&lt;p&gt;Nichts nach dem letzten guten Checkpoint wurde behalten. Mit niedrigeren Lernraten kommt das Training meist über einen divergierenden Verlust hinweg: Der Lauf kann von diesem Checkpoint aus fortgesetzt werden, wobei die Lernraten der Gewichte und der Architektur mit dem Faktor unten multipliziert werden (in der config.json des Laufs festgehalten).&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Both learning rates are multiplied by this from the checkpoint on</source>
        <translation>Beide Lernraten werden ab dem Checkpoint mit diesem Faktor multipliziert</translation>
    </message>
    <message>
        <source>Multiply the learning rates by:</source>
        <translation>Lernraten multiplizieren mit:</translation>
    </message>
    <message>
        <source>Lower the Learning Rate and Resume</source>
        <translation>Lernrate senken und fortsetzen</translation>
    </message>
</context>
<context>
    <name>gdas::app::RunStatusBar</name>
    <message>
        <source>Epoch —</source>
        <translation>Epoche —</translation>
    </message>
    <message>
        <source>Step —</source>
        <translation>Schritt —</translation>
    </message>
    <message>
        <source>Epoch %1/%2</source>
        <translation>Epoche %1/%2</translation>
    </message>
    <message>
        <source>Epoch %1</source>
        <translation>Epoche %1</translation>
    </message>
    <message>
        <source>Step %1/%2</source>
        <translation>Schritt %1/%2</translation>
    </message>
    <message>
        <source>Step %1</source>
        <translation>Schritt %1</translation>
    </message>
    <message>
        <source>%1 images/s</source>
        <translation>%1 Bilder/s</translation>
    </message>
    <message>
        <source>ETA %1</source>
        <translation>Restzeit %1</translation>
    </message>
</context>
<context>
    <name>gdas::app::RunViews</name>
    <message>
        <source>Cells</source>
        <translation>Zellen</translation>
    </message>
    <message>
        <source>Curves</source>
        <translation>Kurven</translation>
    </message>
    <message>
        <source>Normal cell architecture weights</source>
        <translation>Architekturgewichte der Normalzelle</translation>
    </message>
    <message>
        <source>Reduction cell architecture weights</source>
        <translation>Architekturgewichte der Reduktionszelle</translation>
    </message>
    <message>
        <source>Genotype</source>
        <translation>Genotyp</translation>
    </message>
    <message>
        <source>Normal cell α, epoch %1 (τ = %2)</source>
        <translation>α der Normalzelle, Epoche %1 (τ = %2)</translation>
    </message>
    <message>
        <source>Reduction cell α, epoch %1</source>
        <translation>α der Reduktionszelle, Epoche %1</translation>
    </message>
    <message>
        <source>No genotype yet</source>
        <translation>Noch kein Genotyp</translation>
    </message>
    <message>
        <source>Final genotype (genotype.json)</source>
        <translation>Endgültiger Genotyp (genotype.json)</translation>
    </message>
    <message>
        <source>Genotype derived after epoch %1</source>
        <translation>Nach Epoche %1 abgeleiteter Genotyp</translation>
    </message>
</context>
<context>
    <name>gdas::app::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>System language (%1)</source>
        <translation>Sprache des Systems (%1)</translation>
    </message>
    <message>
        <source>The language of menus, dialogs and messages. Without a choice the workbench follows the system&apos;s language (LANG, LC_MESSAGES).</source>
        <translation>Die Sprache von Menüs, Dialogen und Meldungen. Ohne Auswahl folgt die Workbench der Sprache des Systems (LANG, LC_MESSAGES).</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Sprache:</translation>
    </message>
    <message>
        <source>System colours</source>
        <translation>Farben des Systems</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Hell</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Dunkel</translation>
    </message>
    <message>
        <source>System colours follow the desktop&apos;s theme; Light and Dark use Qt&apos;s Fusion style with a fixed palette. The command-line option --palette overrides this for one start.</source>
        <translation>Die Farben des Systems folgen dem Design der Arbeitsumgebung; Hell und Dunkel verwenden Qts Fusion-Stil mit einer festen Palette. Die Kommandozeilenoption --palette setzt dies für einen Start außer Kraft.</translation>
    </message>
    <message>
        <source>&amp;Colours:</source>
        <translation>&amp;Farben:</translation>
    </message>
    <message>
        <source>Changes take effect when the workbench is started again.</source>
        <translation>Änderungen gelten, sobald die Workbench neu gestartet wird.</translation>
    </message>
</context>
<context>
    <name>gdas::app::StudyDocument</name>
    <message>
        <source>%1: no such folder</source>
        <translation>%1: Ordner nicht vorhanden</translation>
    </message>
    <message>
        <source>%1: missing; %2 is not a study folder (gdas study writes one)</source>
        <translation>%1: fehlt; %2 ist kein Studienordner (gdas study legt einen an)</translation>
    </message>
    <message>
        <source>%1: cannot open (%2)</source>
        <translation>%1: Öffnen nicht möglich (%2)</translation>
    </message>
    <message>
        <source>The finished seeds&apos; cells have no consensus: %1</source>
        <translation>Die Zellen der abgeschlossenen Seeds ergeben keinen Konsens: %1</translation>
    </message>
    <message>
        <source>cannot be read</source>
        <translation>nicht lesbar</translation>
    </message>
    <message>
        <source>not started</source>
        <translation>nicht gestartet</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>abgeschlossen</translation>
    </message>
    <message>
        <source>running, epoch %1 of %2</source>
        <translation>läuft, Epoche %1 von %2</translation>
    </message>
    <message>
        <source>running, epoch %1</source>
        <translation>läuft, Epoche %1</translation>
    </message>
    <message>
        <source>%1 after epoch %2</source>
        <translation>%1 nach Epoche %2</translation>
    </message>
    <message>
        <source>seed %1</source>
        <translation>Seed %1</translation>
    </message>
</context>
<context>
    <name>gdas::app::StudyWindow</name>
    <message>
        <source>search validation accuracy (%)</source>
        <translation>Validierungsgenauigkeit der Suche (%)</translation>
    </message>
    <message>
        <source>search validation loss</source>
        <translation>Validierungsverlust der Suche</translation>
    </message>
    <message>
        <source>search training accuracy (%)</source>
        <translation>Trainingsgenauigkeit der Suche (%)</translation>
    </message>
    <message>
        <source>search training loss</source>
        <translation>Trainingsverlust der Suche</translation>
    </message>
    <message>
        <source>benchmark test accuracy (%)</source>
        <translation>Benchmark-Testgenauigkeit (%)</translation>
    </message>
    <message>
        <source>Consensus cell</source>
        <translation>Konsenszelle</translation>
    </message>
    <message>
        <source>Reduction cell</source>
        <translation>Reduktionszelle</translation>
    </message>
    <message>
        <source>Consensus reduction cell</source>
        <translation>Konsens-Reduktionszelle</translation>
    </message>
    <message>
        <source>Value per epoch</source>
        <translation>Wert je Epoche</translation>
    </message>
    <message>
        <source>Band around the mean</source>
        <translation>Band um den Mittelwert</translation>
    </message>
    <message>
        <source>Band: mean ± 1 standard deviation</source>
        <translation>Band: Mittelwert ± 1 Standardabweichung</translation>
    </message>
    <message>
        <source>Band: lowest to highest seed</source>
        <translation>Band: niedrigster bis höchster Seed</translation>
    </message>
    <message>
        <source>&amp;Value:</source>
        <translation>&amp;Wert:</translation>
    </message>
    <message>
        <source>&amp;Curves</source>
        <translation>&amp;Kurven</translation>
    </message>
    <message>
        <source>Seeds shown (up to %1; the first is the reference):</source>
        <translation>Gezeigte Seeds (bis zu %1; der erste ist die Referenz):</translation>
    </message>
    <message>
        <source>Seeds</source>
        <translation>Seeds</translation>
    </message>
    <message>
        <source>&amp;Seeds</source>
        <translation>&amp;Seeds</translation>
    </message>
    <message>
        <source>Table</source>
        <translation>Tabelle</translation>
    </message>
    <message>
        <source>Copy as &amp;Markdown</source>
        <translation>Als &amp;Markdown kopieren</translation>
    </message>
    <message>
        <source>Copy as &amp;LaTeX</source>
        <translation>Als &amp;LaTeX kopieren</translation>
    </message>
    <message>
        <source>&amp;Export Table…</source>
        <translation>Tabelle &amp;exportieren…</translation>
    </message>
    <message>
        <source>Study table</source>
        <translation>Studientabelle</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>Export &amp;Consensus Figure…</source>
        <translation>&amp;Konsensabbildung exportieren…</translation>
    </message>
    <message>
        <source>Export Consensus Figure</source>
        <translation>Konsensabbildung exportieren</translation>
    </message>
    <message>
        <source>Export C&amp;urves Figure…</source>
        <translation>K&amp;urvenabbildung exportieren…</translation>
    </message>
    <message>
        <source>Export Curves Figure</source>
        <translation>Kurvenabbildung exportieren</translation>
    </message>
    <message>
        <source>Export &amp;Seeds Figure…</source>
        <translation>&amp;Seed-Abbildung exportieren…</translation>
    </message>
    <message>
        <source>Export Seeds Figure</source>
        <translation>Seed-Abbildung exportieren</translation>
    </message>
    <message>
        <source>Export Study as C&amp;SV…</source>
        <translation>Studie als C&amp;SV exportieren…</translation>
    </message>
    <message>
        <source>Export &amp;Table…</source>
        <translation>&amp;Tabelle exportieren…</translation>
    </message>
    <message>
        <source>Copy Table as &amp;Markdown</source>
        <translation>Tabelle als &amp;Markdown kopieren</translation>
    </message>
    <message>
        <source>Copy Table as &amp;LaTeX</source>
        <translation>Tabelle als &amp;LaTeX kopieren</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>Schl&amp;ießen</translation>
    </message>
    <message>
        <source>%1 — Study — GDAS Workbench</source>
        <translation>%1 — Studie — GDAS Workbench</translation>
    </message>
    <message>
        <source>No study open</source>
        <translation>Keine Studie geöffnet</translation>
    </message>
    <message>
        <source>DARTS space</source>
        <translation>DARTS-Suchraum</translation>
    </message>
    <message>
        <source>NAS-Bench-201</source>
        <translation>NAS-Bench-201</translation>
    </message>
    <message>
        <source>Study “%1” (%2): %3 of %4 seeds finished — %5</source>
        <translation>Studie „%1“ (%2): %3 von %4 Seeds abgeschlossen — %5</translation>
    </message>
    <message>
        <source>Consensus normal cell</source>
        <translation>Konsens-Normalzelle</translation>
    </message>
    <message>
        <source>No seed has finished yet (0 of %1): the consensus appears when the first one does.</source>
        <translation>Noch kein Seed abgeschlossen (0 von %1): der Konsens erscheint, sobald der erste fertig ist.</translation>
    </message>
    <message>
        <source>mean agreement %1 % in the normal cell, %2 % in the reduction cell</source>
        <translation>mittlere Übereinstimmung %1 % in der Normalzelle, %2 % in der Reduktionszelle</translation>
    </message>
    <message>
        <source>mean agreement %1 %</source>
        <translation>mittlere Übereinstimmung %1 %</translation>
    </message>
    <message>
        <source>seed %1 — %2</source>
        <translation>Seed %1 — %2</translation>
    </message>
    <message>
        <source>At most %1 seeds side by side: uncheck one first.</source>
        <translation>Höchstens %1 Seeds nebeneinander: zuerst einen abwählen.</translation>
    </message>
    <message>
        <source>seed %1 (epoch %2)</source>
        <translation>Seed %1 (Epoche %2)</translation>
    </message>
    <message>
        <source>seed %1</source>
        <translation>Seed %1</translation>
    </message>
    <message>
        <source>No cell yet: seed %1.</source>
        <translation>Noch keine Zelle: Seed %1.</translation>
    </message>
    <message>
        <source>%1 test accuracy (%)</source>
        <translation>%1-Testgenauigkeit (%)</translation>
    </message>
    <message>
        <source>best in the benchmark: %1 %</source>
        <translation>Bestwert im Benchmark: %1 %</translation>
    </message>
    <message>
        <source>Final metrics (mean ± std over the seeds)</source>
        <translation>Endwerte (Mittelwert ± Standardabweichung über die Seeds)</translation>
    </message>
    <message>
        <source>Reduction cell: each seed&apos;s op per edge</source>
        <translation>Reduktionszelle: die Operation jedes Seeds je Kante</translation>
    </message>
    <message>
        <source>Normal cell: each seed&apos;s op per edge</source>
        <translation>Normalzelle: die Operation jedes Seeds je Kante</translation>
    </message>
    <message>
        <source>Cell: each seed&apos;s op per edge</source>
        <translation>Zelle: die Operation jedes Seeds je Kante</translation>
    </message>
    <message>
        <source>%1: no seed has finished yet: there is no consensus to draw</source>
        <translation>%1: noch kein Seed abgeschlossen: es gibt keinen Konsens zu zeichnen</translation>
    </message>
    <message>
        <source>Table copied as LaTeX (needs \usepackage{booktabs})</source>
        <translation>Tabelle als LaTeX kopiert (benötigt \usepackage{booktabs})</translation>
    </message>
    <message>
        <source>Table copied as Markdown</source>
        <translation>Tabelle als Markdown kopiert</translation>
    </message>
    <message>
        <source>Wrote %1</source>
        <translation>%1 geschrieben</translation>
    </message>
    <message>
        <source>Export Failed</source>
        <translation>Export fehlgeschlagen</translation>
    </message>
    <message>
        <source>Export Study as CSV</source>
        <translation>Studie als CSV exportieren</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>Export Table</source>
        <translation>Tabelle exportieren</translation>
    </message>
    <message>
        <source>The majority cell of %1 of %2 seeds finished; %3.</source>
        <translation>Die Mehrheitszelle aus %1 von %2 abgeschlossenen Seeds; %3.</translation>
    </message>
    <message>
        <source>Edge width and colour: the share of seeds whose cell holds that op there (hover an edge for every op&apos;s share).</source>
        <translation>Kantenbreite und -farbe: der Anteil der Seeds, deren Zelle dort diese Operation enthält (über einer Kante: der Anteil jeder Operation).</translation>
    </message>
</context>
<context>
    <name>gdas::app::WeightsOptimiserRows</name>
    <message>
        <source>Learning &amp;rate:</source>
        <translation>&amp;Lernrate:</translation>
    </message>
    <message>
        <source>Final learning rate:</source>
        <translation>End-Lernrate:</translation>
    </message>
    <message>
        <source>&amp;Momentum:</source>
        <translation>&amp;Momentum:</translation>
    </message>
    <message>
        <source>&amp;Weight decay:</source>
        <translation>Ge&amp;wichtszerfall:</translation>
    </message>
</context>
<context>
    <name>gdas::app::WelcomePage</name>
    <message>
        <source>&lt;h1&gt;GDAS Workbench&lt;/h1&gt;&lt;p&gt;GDAS searches for a neural network cell: on every edge it samples one candidate operation with a Gumbel-softmax and learns which operations to keep.&lt;/p&gt;&lt;p&gt;Watch a search learn, epoch by epoch: loss and accuracy curves, the cell graph and its architecture weights. Pause, stop and resume it at any step.&lt;/p&gt;&lt;p&gt;Export the genotype and paper figures, open runs written on a GPU server, retrain a cell and compare it with the published ones.&lt;/p&gt;</source>
        <translation>&lt;h1&gt;GDAS Workbench&lt;/h1&gt;&lt;p&gt;GDAS sucht eine Zelle für neuronale Netze: Auf jeder Kante wählt es per Gumbel-Softmax eine Kandidatenoperation aus und lernt, welche Operationen bleiben.&lt;/p&gt;&lt;p&gt;Verfolgen Sie, wie eine Suche lernt, Epoche für Epoche: Verlust- und Genauigkeitskurven, der Zellgraph und seine Architekturgewichte. Halten Sie sie bei jedem Schritt an, stoppen Sie sie und setzen Sie sie fort.&lt;/p&gt;&lt;p&gt;Exportieren Sie den Genotyp und Abbildungen für Veröffentlichungen, öffnen Sie Läufe von einem GPU-Server, trainieren Sie eine Zelle neu und vergleichen Sie sie mit veröffentlichten Zellen.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&amp;Quick look on Fashion-MNIST</source>
        <translation>Schnellansicht auf &amp;Fashion-MNIST</translation>
    </message>
    <message>
        <source>Runs the quick-look preset (as gdas-workbench --quick-look) and writes its run directory under ~/gdas-runs</source>
        <translation>Startet die Schnellansicht-Voreinstellung (wie gdas-workbench --quick-look) und schreibt ihr Laufverzeichnis unter ~/gdas-runs</translation>
    </message>
    <message>
        <source>&amp;Open a run directory</source>
        <translation>&amp;Laufverzeichnis öffnen</translation>
    </message>
    <message>
        <source>Show a finished run, or follow one that another process, e.g. `gdas search` on a GPU server, is still writing.</source>
        <translation>Einen abgeschlossenen Lauf zeigen oder einen verfolgen, den ein anderer Prozess, z. B. `gdas search` auf einem GPU-Server, noch schreibt.</translation>
    </message>
    <message>
        <source>&amp;Compare published cells</source>
        <translation>Veröffentlichte Zellen &amp;vergleichen</translation>
    </message>
    <message>
        <source>DARTS V2 and GDAS side by side, with their differences and parameter counts.</source>
        <translation>DARTS V2 und GDAS nebeneinander, mit ihren Unterschieden und Parameterzahlen.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Recent runs&lt;/b&gt;</source>
        <translation>&lt;b&gt;Zuletzt geöffnete Läufe&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Press Enter or double-click to open a run</source>
        <translation>Eingabetaste oder Doppelklick öffnet einen Lauf</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>Start a small live search now: NAS-Bench-201 space, 2,000 images, 15 short epochs; about a minute on two CPU cores.</source>
        <translation>Jetzt eine kleine Live-Suche starten: NAS-Bench-201-Raum, 2.000 Bilder, 15 kurze Epochen; etwa eine Minute auf zwei CPU-Kernen.</translation>
    </message>
</context>
<context>
    <name>gdas::app::WorkbenchActions</name>
    <message>
        <source>&amp;New Search…</source>
        <translation>&amp;Neue Suche…</translation>
    </message>
    <message>
        <source>Set up and start a new architecture search (Ctrl+N)</source>
        <translation>Eine neue Architektursuche einrichten und starten (Strg+N)</translation>
    </message>
    <message>
        <source>&amp;Open Run Directory…</source>
        <translation>Laufverzeichnis ö&amp;ffnen…</translation>
    </message>
    <message>
        <source>Open a run directory, also one that another process is still writing (Ctrl+O)</source>
        <translation>Ein Laufverzeichnis öffnen, auch eines, das ein anderer Prozess noch schreibt (Strg+O)</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>&amp;Starten</translation>
    </message>
    <message>
        <source>Resume the open run from its checkpoint, or set up a new search (F5)</source>
        <translation>Den geöffneten Lauf vom Checkpoint fortsetzen oder eine neue Suche einrichten (F5)</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>&amp;Pause</translation>
    </message>
    <message>
        <source>Pause or resume the search at the next step (Space)</source>
        <translation>Die Suche beim nächsten Schritt anhalten oder fortsetzen (Leertaste)</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>S&amp;toppen</translation>
    </message>
    <message>
        <source>Stop at the next step, keeping a checkpoint to resume from (Shift+F5)</source>
        <translation>Beim nächsten Schritt stoppen, mit einem Checkpoint zum Fortsetzen (Umschalt+F5)</translation>
    </message>
    <message>
        <source>Genotype as &amp;JSON…</source>
        <translation>Genotyp als &amp;JSON…</translation>
    </message>
    <message>
        <source>Genotype as &amp;DARTS Literal…</source>
        <translation>Genotyp als &amp;DARTS-Literal…</translation>
    </message>
    <message>
        <source>Genotype as &amp;NAS-Bench-201 String…</source>
        <translation>Genotyp als &amp;NAS-Bench-201-Zeichenkette…</translation>
    </message>
    <message>
        <source>&amp;Copy Genotype</source>
        <translation>Genotyp &amp;kopieren</translation>
    </message>
    <message>
        <source>Copy the genotype as a DARTS literal or NAS-Bench-201 string</source>
        <translation>Den Genotyp als DARTS-Literal oder NAS-Bench-201-Zeichenkette kopieren</translation>
    </message>
    <message>
        <source>C&amp;ell Figure…</source>
        <translation>&amp;Zellabbildung…</translation>
    </message>
    <message>
        <source>Export the shown cells as SVG, PDF or PNG (Ctrl+E)</source>
        <translation>Die angezeigten Zellen als SVG, PDF oder PNG exportieren (Strg+E)</translation>
    </message>
    <message>
        <source>C&amp;urves Figure…</source>
        <translation>K&amp;urvenabbildung…</translation>
    </message>
    <message>
        <source>Normal Cell &amp;Heat Map…</source>
        <translation>&amp;Heatmap der Normalzelle…</translation>
    </message>
    <message>
        <source>&amp;Reduction Cell Heat Map…</source>
        <translation>Heatmap der &amp;Reduktionszelle…</translation>
    </message>
    <message>
        <source>&amp;Metrics as CSV…</source>
        <translation>&amp;Metriken als CSV…</translation>
    </message>
    <message>
        <source>Co&amp;mpare Genotypes…</source>
        <translation>Genotypen &amp;vergleichen…</translation>
    </message>
    <message>
        <source>Compare 2–4 genotypes side by side with their parameter counts (Ctrl+M)</source>
        <translation>2–4 Genotypen mit ihren Parameterzahlen nebeneinander vergleichen (Strg+M)</translation>
    </message>
    <message>
        <source>&amp;Retrain…</source>
        <translation>&amp;Neu trainieren…</translation>
    </message>
    <message>
        <source>Train a genotype&apos;s evaluation network from scratch (Ctrl+R)</source>
        <translation>Das Auswertungsnetz eines Genotyps von Grund auf trainieren (Strg+R)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Configure GDAS Workbench…</source>
        <translation>GDAS Workbench &amp;einrichten…</translation>
    </message>
    <message>
        <source>Language and colours (applied at the next start)</source>
        <translation>Sprache und Farben (gelten ab dem nächsten Start)</translation>
    </message>
    <message>
        <source>GDAS Workbench &amp;User Guide</source>
        <translation>Benutzer&amp;handbuch von GDAS Workbench</translation>
    </message>
    <message>
        <source>A short guide to searches, runs, exports and the command line (F1)</source>
        <translation>Eine kurze Anleitung zu Suchen, Läufen, Exporten und der Kommandozeile (F1)</translation>
    </message>
    <message>
        <source>&amp;About GDAS Workbench</source>
        <translation>Ü&amp;ber GDAS Workbench</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>Haupt</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>Recent &amp;Runs</source>
        <translation>&amp;Zuletzt geöffnete Läufe</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>&amp;Exportieren</translation>
    </message>
    <message>
        <source>&amp;Search</source>
        <translation>&amp;Suche</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>&amp;Werkzeuge</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>Go to &amp;Cells</source>
        <translation>Zu den &amp;Zellen</translation>
    </message>
    <message>
        <source>Go to C&amp;urves</source>
        <translation>Zu den K&amp;urven</translation>
    </message>
    <message>
        <source>Go to &amp;Architecture Weights</source>
        <translation>Zu den &amp;Architekturgewichten</translation>
    </message>
    <message>
        <source>Go to &amp;Genotype</source>
        <translation>Zum &amp;Genotyp</translation>
    </message>
    <message>
        <source>Go to &amp;Log</source>
        <translation>Zum &amp;Protokoll</translation>
    </message>
    <message>
        <source>Setti&amp;ngs</source>
        <translation>E&amp;instellungen</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;Resume Run</source>
        <translation>Lauf &amp;fortsetzen</translation>
    </message>
    <message>
        <source>Res&amp;ume</source>
        <translation>&amp;Fortsetzen</translation>
    </message>
    <message>
        <source>&amp;Clear List</source>
        <translation>Liste &amp;leeren</translation>
    </message>
    <message>
        <source>No recent runs</source>
        <translation>Keine zuletzt geöffneten Läufe</translation>
    </message>
    <message>
        <source>Open S&amp;tudy…</source>
        <translation>S&amp;tudie öffnen…</translation>
    </message>
    <message>
        <source>Open a study folder (gdas study): the seeds&apos; consensus cell, curves and tables</source>
        <translation>Einen Studienordner öffnen (gdas study): Konsenszelle, Kurven und Tabellen der Seeds</translation>
    </message>
    <message>
        <source>&amp;Benchmark Figure…</source>
        <translation>&amp;Benchmark-Abbildung…</translation>
    </message>
    <message>
        <source>Cell &amp;Animation…</source>
        <translation>Zell&amp;animation…</translation>
    </message>
    <message>
        <source>Export the cells of every epoch as an animated GIF, one frame per epoch</source>
        <translation>Die Zellen aller Epochen als animiertes GIF exportieren, ein Bild pro Epoche</translation>
    </message>
</context>
<context>
    <name>gdas::widgets::AlphaHeatmap</name>
    <message>
        <source>No architecture weights yet</source>
        <translation>Noch keine Architekturgewichte</translation>
    </message>
    <message>
        <source>%1: no architecture weights yet</source>
        <translation>%1: noch keine Architekturgewichte</translation>
    </message>
    <message>
        <source>%1
%2: %3 (rank %4 of %5 on this edge)</source>
        <translation>%1
%2: %3 (Rang %4 von %5 auf dieser Kante)</translation>
    </message>
</context>
<context>
    <name>gdas::widgets::BenchmarkPlot</name>
    <message>
        <source>This run has no benchmark scores. A NAS-Bench-201 search started with “gdas search --benchmark DB” records, per epoch, the benchmark&apos;s accuracy of the cell it derived; they are drawn here.</source>
        <translation>Dieser Lauf hat keine Benchmark-Werte. Eine NAS-Bench-201-Suche, gestartet mit „gdas search --benchmark DB“, zeichnet je Epoche die Benchmark-Genauigkeit der abgeleiteten Zelle auf; sie werden hier gezeigt.</translation>
    </message>
    <message>
        <source>Epoch</source>
        <translation>Epoche</translation>
    </message>
    <message>
        <source>test accuracy</source>
        <translation>Testgenauigkeit</translation>
    </message>
    <message>
        <source>validation accuracy</source>
        <translation>Validierungsgenauigkeit</translation>
    </message>
    <message>
        <source>Benchmark accuracy</source>
        <translation>Benchmark-Genauigkeit</translation>
    </message>
    <message>
        <source>best in the benchmark: %1 % test</source>
        <translation>Bestwert im Benchmark: %1 % Test</translation>
    </message>
    <message>
        <source>%1: the cell of epoch %2 reaches %3 % test accuracy in the benchmark.</source>
        <translation>%1: die Zelle der Epoche %2 erreicht im Benchmark %3 % Testgenauigkeit.</translation>
    </message>
    <message>
        <source>%1: the cell of epoch %2 is not in the benchmark.</source>
        <translation>%1: die Zelle der Epoche %2 ist nicht im Benchmark enthalten.</translation>
    </message>
    <message>
        <source>Cells not in the benchmark (gaps in the curves), by epoch: %1.</source>
        <translation>Zellen, die nicht im Benchmark sind (Lücken in den Kurven), nach Epoche: %1.</translation>
    </message>
    <message>
        <source>%1: the run has no benchmark scores to draw</source>
        <translation>%1: der Lauf hat keine Benchmark-Werte zum Zeichnen</translation>
    </message>
    <message>
        <source>Accuracy (%)</source>
        <translation>Genauigkeit (%)</translation>
    </message>
</context>
<context>
    <name>gdas::widgets::CellAnimation</name>
    <message>
        <source>Normal cell</source>
        <translation>Normalzelle</translation>
    </message>
    <message>
        <source>Cell</source>
        <translation>Zelle</translation>
    </message>
    <message>
        <source>Reduction cell</source>
        <translation>Reduktionszelle</translation>
    </message>
    <message>
        <source>epoch %1 / %2  (τ = %3)</source>
        <translation>Epoche %1 / %2  (τ = %3)</translation>
    </message>
    <message>
        <source>%1: the run has no epoch on record yet, so there is nothing to animate</source>
        <translation>%1: Der Lauf hat noch keine aufgezeichnete Epoche, es gibt also nichts zu animieren</translation>
    </message>
    <message>
        <source>%1: cancelled; nothing was written</source>
        <translation>%1: abgebrochen; es wurde nichts geschrieben</translation>
    </message>
</context>
<context>
    <name>gdas::widgets::CellGraphPanel</name>
    <message>
        <source>Normal cell</source>
        <translation>Normalzelle</translation>
    </message>
    <message>
        <source>Reduction cell</source>
        <translation>Reduktionszelle</translation>
    </message>
    <message>
        <source>Architecture at the end of each search epoch; drag back to see how it evolved, to the end to follow the run again</source>
        <translation>Architektur am Ende jeder Suchepoche; nach links ziehen, um ihre Entwicklung zu sehen, ganz nach rechts, um dem Lauf wieder zu folgen</translation>
    </message>
    <message>
        <source>All candidate edges</source>
        <translation>Alle Kandidatenkanten</translation>
    </message>
    <message>
        <source>Also draw the edges the genotype did not choose, with their strongest operation and its probability</source>
        <translation>Auch die Kanten zeichnen, die der Genotyp nicht gewählt hat, mit ihrer stärksten Operation und deren Wahrscheinlichkeit</translation>
    </message>
    <message>
        <source>Cell</source>
        <translation>Zelle</translation>
    </message>
    <message>
        <source>epoch %1 / %2  (τ = %3)</source>
        <translation>Epoche %1 / %2  (τ = %3)</translation>
    </message>
    <message>
        <source>%1: there is no cell to export</source>
        <translation>%1: Es gibt keine Zelle zum Exportieren</translation>
    </message>
</context>
<context>
    <name>gdas::widgets::CellGraphView</name>
    <message>
        <source>no architecture weights for this cell</source>
        <translation>keine Architekturgewichte für diese Zelle</translation>
    </message>
    <message>
        <source>Cannot lay out the cell: %1</source>
        <translation>Die Zelle kann nicht angeordnet werden: %1</translation>
    </message>
</context>
<context>
    <name>gdas::widgets::CurvePanel</name>
    <message>
        <source>Per epoch</source>
        <translation>Je Epoche</translation>
    </message>
    <message>
        <source>One point per epoch (the epoch&apos;s averages) instead of one per logged step</source>
        <translation>Ein Punkt je Epoche (die Mittelwerte der Epoche) statt einem je protokolliertem Schritt</translation>
    </message>
    <message>
        <source>Log-scale loss</source>
        <translation>Verlust logarithmisch</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>Verlust</translation>
    </message>
    <message>
        <source>top-1 accuracy (%)</source>
        <translation>Top-1-Genauigkeit (%)</translation>
    </message>
    <message>
        <source>τ</source>
        <translation>τ</translation>
    </message>
    <message>
        <source>learning rate</source>
        <translation>Lernrate</translation>
    </message>
    <message>
        <source>Drag to pan, wheel to zoom, double-click to fit all data</source>
        <translation>Ziehen zum Verschieben, Mausrad zum Zoomen, Doppelklick zeigt alle Daten</translation>
    </message>
    <message>
        <source>weight step</source>
        <translation>Gewichtsschritt</translation>
    </message>
    <message>
        <source>arch step</source>
        <translation>Architekturschritt</translation>
    </message>
    <message>
        <source>train</source>
        <translation>Training</translation>
    </message>
    <message>
        <source>test</source>
        <translation>Test</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>Epoche</translation>
    </message>
    <message>
        <source>global step</source>
        <translation>globaler Schritt</translation>
    </message>
    <message>
        <source>epoch %1</source>
        <translation>Epoche %1</translation>
    </message>
    <message>
        <source>step %1</source>
        <translation>Schritt %1</translation>
    </message>
</context>
<context>
    <name>gdas::widgets::FigureWriter</name>
    <message>
        <source>%1: unknown figure format (use .svg, .pdf or .png)</source>
        <translation>%1: unbekanntes Abbildungsformat (.svg, .pdf oder .png verwenden)</translation>
    </message>
    <message>
        <source>%1: figure size %2×%3 is empty</source>
        <translation>%1: Abbildungsgröße %2×%3 ist leer</translation>
    </message>
    <message>
        <source>%1: cannot write the SVG file</source>
        <translation>%1: Die SVG-Datei kann nicht geschrieben werden</translation>
    </message>
    <message>
        <source>%1: cannot write the PDF file</source>
        <translation>%1: Die PDF-Datei kann nicht geschrieben werden</translation>
    </message>
    <message>
        <source>%1: writing the PDF file failed</source>
        <translation>%1: Schreiben der PDF-Datei fehlgeschlagen</translation>
    </message>
    <message>
        <source>%1: cannot allocate a %2×%3 image</source>
        <translation>%1: Ein Bild von %2×%3 kann nicht angelegt werden</translation>
    </message>
    <message>
        <source>%1: cannot write the PNG file</source>
        <translation>%1: Die PNG-Datei kann nicht geschrieben werden</translation>
    </message>
    <message>
        <source>%1: the figure was not written</source>
        <translation>%1: Die Abbildung wurde nicht geschrieben</translation>
    </message>
</context>
<context>
    <name>gdas::widgets::GenotypeCompareView</name>
    <message>
        <source>parameters unknown</source>
        <translation>Parameterzahl unbekannt</translation>
    </message>
    <message>
        <source>%1 M parameters</source>
        <translation>%1 Mio. Parameter</translation>
    </message>
    <message>
        <source>%1 node %2: %3 vs %4</source>
        <translation>%1 Knoten %2: %3 statt %4</translation>
    </message>
    <message>
        <source>Pick two to four genotypes to compare.</source>
        <translation>Wählen Sie zwei bis vier Genotypen zum Vergleichen.</translation>
    </message>
    <message>
        <source>different search spaces: %1 vs %2</source>
        <translation>verschiedene Suchräume: %1 und %2</translation>
    </message>
    <message>
        <source>normal</source>
        <translation>normal</translation>
    </message>
    <message>
        <source>cell</source>
        <translation>Zelle</translation>
    </message>
    <message>
        <source>normal concat: %1 vs %2</source>
        <translation>Normal-Concat: %1 statt %2</translation>
    </message>
    <message>
        <source>reduce</source>
        <translation>Reduktion</translation>
    </message>
    <message>
        <source>reduce concat: %1 vs %2</source>
        <translation>Reduktions-Concat: %1 statt %2</translation>
    </message>
    <message>
        <source>reference</source>
        <translation>Referenz</translation>
    </message>
    <message>
        <source>same cells as %1</source>
        <translation>gleiche Zellen wie %1</translation>
    </message>
    <message>
        <source>%1: there are no genotypes to export</source>
        <translation>%1: Es gibt keine Genotypen zum Exportieren</translation>
    </message>
    <message>
        <source>Normal cell</source>
        <translation>Normalzelle</translation>
    </message>
    <message>
        <source>Reduction cell</source>
        <translation>Reduktionszelle</translation>
    </message>
</context>
<context>
    <name>gdas::widgets::GifWriter</name>
    <message>
        <source>%1: cannot write the GIF (%2)</source>
        <translation>%1: Das GIF kann nicht geschrieben werden (%2)</translation>
    </message>
    <message>
        <source>%1: the GIF is already open</source>
        <translation>%1: Das GIF ist bereits geöffnet</translation>
    </message>
    <message>
        <source>%1: a GIF cannot be %2×%3 pixels</source>
        <translation>%1: Ein GIF kann nicht %2×%3 Pixel groß sein</translation>
    </message>
    <message>
        <source>%1 is a folder; name a file to write</source>
        <translation>%1 ist ein Ordner; geben Sie eine Datei zum Schreiben an</translation>
    </message>
    <message>
        <source>%1 exists; choose another file name or let it be replaced</source>
        <translation>%1 existiert bereits; wählen Sie einen anderen Dateinamen oder lassen Sie die Datei ersetzen</translation>
    </message>
    <message>
        <source>%1: cannot write the file (%2)</source>
        <translation>%1: Die Datei kann nicht geschrieben werden (%2)</translation>
    </message>
    <message>
        <source>%1: the GIF is not open</source>
        <translation>%1: Das GIF ist nicht geöffnet</translation>
    </message>
    <message>
        <source>%1: frame %2 is %3×%4 pixels, the GIF %5×%6</source>
        <translation>%1: Bild %2 hat %3×%4 Pixel, das GIF %5×%6</translation>
    </message>
    <message>
        <source>%1: cannot reduce frame %2 to 256 colours</source>
        <translation>%1: Bild %2 kann nicht auf 256 Farben reduziert werden</translation>
    </message>
    <message>
        <source>%1: an animation needs at least one frame</source>
        <translation>%1: Eine Animation braucht mindestens ein Bild</translation>
    </message>
</context>
<context>
    <name>gdas::widgets::GraphvizLayout</name>
    <message>
        <source>Graphviz: cannot create a context (plugins missing?)</source>
        <translation>Graphviz: Kontext kann nicht angelegt werden (Plugins fehlen?)</translation>
    </message>
    <message>
        <source>Graphviz: cannot create a graph</source>
        <translation>Graphviz: Graph kann nicht angelegt werden</translation>
    </message>
    <message>
        <source>Graphviz: edge %1 → %2 names an unknown node</source>
        <translation>Graphviz: Kante %1 → %2 nennt einen unbekannten Knoten</translation>
    </message>
    <message>
        <source>Graphviz: dot layout failed%1</source>
        <translation>Graphviz: dot-Layout fehlgeschlagen%1</translation>
    </message>
</context>
<context>
    <name>gdas::widgets::SearchHealthPlot</name>
    <message>
        <source>Epoch</source>
        <translation>Epoche</translation>
    </message>
    <message>
        <source>Ops in the normal cell</source>
        <translation>Operationen in der Normalzelle</translation>
    </message>
    <message>
        <source>Entropy, margin of α</source>
        <translation>Entropie, Abstand von α</translation>
    </message>
    <message>
        <source>skip connections</source>
        <translation>Skip-Verbindungen</translation>
    </message>
    <message>
        <source>parameter-free ops</source>
        <translation>parameterfreie Operationen</translation>
    </message>
    <message>
        <source>α entropy</source>
        <translation>α-Entropie</translation>
    </message>
    <message>
        <source>α margin</source>
        <translation>α-Abstand</translation>
    </message>
    <message>
        <source>Search health</source>
        <translation>Suchzustand</translation>
    </message>
    <message>
        <source>Collapse warning: from epoch %1 on the normal cell holds %2 skip connections (limit %3, the criterion of P-DARTS and DARTS+).</source>
        <translation>Kollapswarnung: ab Epoche %1 enthält die Normalzelle %2 Skip-Verbindungen (Grenze %3, das Kriterium von P-DARTS und DARTS+).</translation>
    </message>
</context>
<context>
    <name>gdas::widgets::StudyCurvePlot</name>
    <message>
        <source>Epoch</source>
        <translation>Epoche</translation>
    </message>
    <message>
        <source>Curves of the study&apos;s seeds</source>
        <translation>Kurven der Seeds der Studie</translation>
    </message>
    <message>
        <source>mean ± 1 standard deviation</source>
        <translation>Mittelwert ± 1 Standardabweichung</translation>
    </message>
    <message>
        <source>range of the seeds (min–max)</source>
        <translation>Spanne der Seeds (Min.–Max.)</translation>
    </message>
    <message>
        <source>each of the %1 seeds</source>
        <translation>jeder der %1 Seeds</translation>
    </message>
    <message>
        <source>mean of the seeds</source>
        <translation>Mittelwert der Seeds</translation>
    </message>
    <message>
        <source>%1: there are no curves to draw yet</source>
        <translation>%1: es gibt noch keine Kurven zu zeichnen</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Run GDAS architecture searches, watch the cell evolve, export genotypes and figures.</source>
        <translation>GDAS-Architektursuchen ausführen, die Entwicklung der Zelle verfolgen, Genotypen und Abbildungen exportieren.</translation>
    </message>
    <message>
        <source>Data set for --quick-look: fashion-mnist (default) or synthetic.</source>
        <translation>Datensatz für --quick-look: fashion-mnist (Standard) oder synthetic.</translation>
    </message>
    <message>
        <source>Build the main window and quit (smoke test).</source>
        <translation>Das Hauptfenster aufbauen und beenden (Rauchtest).</translation>
    </message>
    <message>
        <source>Show the New Search dialog at start.</source>
        <translation>Beim Start den Dialog „Neue Suche“ zeigen.</translation>
    </message>
    <message>
        <source>Compare genotypes: a published NAME, a run DIR, a FILE or the text (repeat for 2-4 entries).</source>
        <translation>Genotypen vergleichen: ein veröffentlichter NAME, ein Lauf-DIR, eine DATEI oder der Text (2–4 Mal angeben).</translation>
    </message>
    <message>
        <source>Colour palette: system, light or dark (default: the one chosen in the settings).</source>
        <translation>Farbpalette: system, light oder dark (Standard: die in den Einstellungen gewählte).</translation>
    </message>
    <message>
        <source>Open (and follow) the run directory or study folder DIR.</source>
        <translation>Das Laufverzeichnis oder den Studienordner DIR öffnen (und verfolgen).</translation>
    </message>
    <message>
        <source>With --quick-look: its run directory (default: ~/gdas-runs/&lt;generated name&gt;). With --export-animation: the GIF file to write.</source>
        <translation>Mit --quick-look: dessen Laufverzeichnis (Standard: ~/gdas-runs/&lt;erzeugter Name&gt;). Mit --export-animation: die zu schreibende GIF-Datei.</translation>
    </message>
    <message>
        <source>Write the cells of every epoch of the run directory DIR as an animated GIF to --output FILE.gif, without a window, and quit.</source>
        <translation>Die Zellen aller Epochen des Laufverzeichnisses DIR ohne Fenster als animiertes GIF nach --output FILE.gif schreiben und beenden.</translation>
    </message>
    <message>
        <source>Let --export-animation replace an existing file.</source>
        <translation>--export-animation darf eine vorhandene Datei ersetzen.</translation>
    </message>
    <message>
        <source>--export-animation needs --output FILE.gif</source>
        <translation>--export-animation braucht --output FILE.gif</translation>
    </message>
    <message>
        <source>wrote %1 (1 frame)</source>
        <translation>%1 geschrieben (1 Bild)</translation>
    </message>
    <message>
        <source>wrote %1 (%2 frames)</source>
        <translation>%1 geschrieben (%2 Bilder)</translation>
    </message>
    <message>
        <source>Device for --quick-look: cpu (default), cuda, cuda:N or auto.</source>
        <translation>Gerät für --quick-look: cpu (Standard), cuda, cuda:N oder auto.</translation>
    </message>
    <message>
        <source>Save the window as a PNG to FILE once the run started with --quick-look or opened with --open has ended (or reached --screenshot-epoch), stop the search (its checkpoint stays) and quit.</source>
        <translation>Das Fenster als PNG in DATEI speichern, sobald der mit --quick-look gestartete oder mit --open geöffnete Lauf beendet ist (oder --screenshot-epoch erreicht hat), die Suche anhalten (ihr Checkpoint bleibt) und beenden.</translation>
    </message>
    <message>
        <source>With --screenshot: take it once N epochs are done, while the search runs.</source>
        <translation>Mit --screenshot: das Bild aufnehmen, sobald N Epochen fertig sind, während die Suche läuft.</translation>
    </message>
    <message>
        <source>--device &apos;%1&apos; is not one of cpu, cuda, cuda:N or auto</source>
        <translation>--device &apos;%1&apos; ist keines von cpu, cuda, cuda:N oder auto</translation>
    </message>
    <message>
        <source>--screenshot-epoch needs a whole number of 0 or more</source>
        <translation>--screenshot-epoch braucht eine ganze Zahl ab 0</translation>
    </message>
    <message>
        <source>Start the quick search preset at once (NAS-Bench-201 on Fashion-MNIST; on the CPU unless --device names another).</source>
        <translation>Sofort die schnelle Suchvoreinstellung starten (NAS-Bench-201 auf Fashion-MNIST; auf der CPU, sofern --device kein anderes Gerät nennt).</translation>
    </message>
</context>
</TS>
