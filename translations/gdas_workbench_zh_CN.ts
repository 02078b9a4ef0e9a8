<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>DataFolderCheck</name>
    <message>
        <source>Unknown data set “%1”.</source>
        <translation>未知的数据集“%1”。</translation>
    </message>
    <message>
        <source>Choose the folder that holds the %1 files (%2).</source>
        <translation>请选择包含 %1 文件（%2）的文件夹。</translation>
    </message>
    <message>
        <source>The data folder %1 does not exist.</source>
        <translation>数据文件夹 %1 不存在。</translation>
    </message>
    <message>
        <source>The data folder %1 lacks %2.</source>
        <translation>数据文件夹 %1 缺少 %2。</translation>
    </message>
    <message>
        <source>Choose the folder that holds your images.</source>
        <translation>请选择存放图像的文件夹。</translation>
    </message>
</context>
<context>
    <name>FreshNameButton</name>
    <message>
        <source>Use a &amp;Fresh Name</source>
        <translation>使用新名称(&amp;F)</translation>
    </message>
    <message>
        <source>Write to the first free folder name beside the occupied one; nothing in the occupied folder is touched</source>
        <translation>写入已占用文件夹旁的第一个空闲文件夹名；已占用文件夹中的内容不会被改动</translation>
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
        <translation>DARTS 字面量</translation>
    </message>
    <message>
        <source>NAS-Bench-201 string</source>
        <translation>NAS-Bench-201 字符串</translation>
    </message>
    <message>
        <source>%1: a %2 cell cannot be written as a %3</source>
        <translation>%1：%2 单元无法写成 %3</translation>
    </message>
    <message>
        <source>%1: cannot write the genotype as %2 (%3)</source>
        <translation>%1：无法将基因型写成 %2（%3）</translation>
    </message>
    <message>
        <source>%1: cannot write (%2)</source>
        <translation>%1：无法写入（%2）</translation>
    </message>
    <message>
        <source>%1: cannot open (%2)</source>
        <translation>%1：无法打开（%2）</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>%1: the run has no genotype yet (no genotype.json, no finished epoch)</source>
        <translation>%1：该运行尚无基因型（没有 genotype.json，也没有已完成的轮次）</translation>
    </message>
</context>
<context>
    <name>MetricsCsv</name>
    <message>
        <source>%1: cannot write (%2)</source>
        <translation>%1：无法写入（%2）</translation>
    </message>
</context>
<context>
    <name>RunDirectoryFollower</name>
    <message>
        <source>%1 is not a run directory (it has no config.json).</source>
        <translation>%1 不是运行目录（其中没有 config.json）。</translation>
    </message>
</context>
<context>
    <name>TableFiles</name>
    <message>
        <source>Markdown (*.md);;LaTeX (*.tex);;Text (*.txt)</source>
        <translation>Markdown (*.md);;LaTeX (*.tex);;文本 (*.txt)</translation>
    </message>
    <message>
        <source>%1 exists; choose another file name</source>
        <translation>%1 已存在；请选择其他文件名</translation>
    </message>
    <message>
        <source>%1: cannot write (%2)</source>
        <translation>%1：无法写入（%2）</translation>
    </message>
    <message>
        <source>%1: unknown table format (use .md, .tex or .txt)</source>
        <translation>%1：未知的表格格式（请使用 .md、.tex 或 .txt）</translation>
    </message>
</context>
<context>
    <name>gdas::app::AboutDialog</name>
    <message>
        <source>About GDAS Workbench</source>
        <translation>关于 GDAS 工作台</translation>
    </message>
    <message>
        <source>&lt;h2&gt;GDAS Workbench %1&lt;/h2&gt;&lt;p&gt;Neural architecture search with GDAS (Dong &amp;amp; Yang, &lt;a href=&quot;https://arxiv.org/abs/1910.04465&quot;&gt;“Searching for A Robust Neural Architecture in Four GPU Hours”&lt;/a&gt;, CVPR 2019): run a search, watch its cell evolve, export genotypes and figures, retrain and compare cells.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;GDAS 工作台 %1&lt;/h2&gt;&lt;p&gt;使用 GDAS 进行神经网络架构搜索（Dong &amp;amp; Yang，&lt;a href=&quot;https://arxiv.org/abs/1910.04465&quot;&gt;“Searching for A Robust Neural Architecture in Four GPU Hours”&lt;/a&gt;，CVPR 2019）：运行搜索，观察单元的演化，导出基因型和图表，重新训练并比较单元。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>%1 (built with %2)</source>
        <translation>%1（构建时为 %2）</translation>
    </message>
    <message numerus="yes">
        <source>, %n CUDA device(s)</source>
        <translation>
            <numerusform>，%n 个 CUDA 设备</numerusform>
        </translation>
    </message>
    <message>
        <source>Program:</source>
        <translation>程序：</translation>
    </message>
    <message>
        <source>Qt:</source>
        <translation>Qt：</translation>
    </message>
    <message>
        <source>LibTorch:</source>
        <translation>LibTorch：</translation>
    </message>
    <message>
        <source>Device for new searches:</source>
        <translation>新搜索使用的设备：</translation>
    </message>
    <message>
        <source>&amp;Copy Versions</source>
        <translation>复制版本信息(&amp;C)</translation>
    </message>
    <message>
        <source>Copy the versions above, e.g. for a bug report</source>
        <translation>复制上面的版本信息，例如用于错误报告</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>关于 &amp;Qt</translation>
    </message>
</context>
<context>
    <name>gdas::app::CellAnimationExport</name>
    <message>
        <source>%1: no such run directory</source>
        <translation>%1：没有这个运行目录</translation>
    </message>
    <message>
        <source>%1: no epoch on record yet, so there is nothing to animate</source>
        <translation>%1：尚无已记录的轮次，因此没有可生成动画的内容</translation>
    </message>
</context>
<context>
    <name>gdas::app::CompareDialog</name>
    <message>
        <source>Compare Genotypes</source>
        <translation>比较基因型</translation>
    </message>
    <message>
        <source>Genotypes (the first is the reference):</source>
        <translation>基因型（第一个为参照）：</translation>
    </message>
    <message>
        <source>From &amp;Run…</source>
        <translation>来自运行(&amp;R)…</translation>
    </message>
    <message>
        <source>The genotype of a run directory (genotype.json, or its newest epoch)</source>
        <translation>运行目录的基因型（genotype.json 或其最新轮次）</translation>
    </message>
    <message>
        <source>From &amp;File…</source>
        <translation>来自文件(&amp;F)…</translation>
    </message>
    <message>
        <source>A file holding JSON, a DARTS literal or a NAS-Bench-201 string</source>
        <translation>包含 JSON、DARTS 字面量或 NAS-Bench-201 字符串的文件</translation>
    </message>
    <message>
        <source>&amp;Paste…</source>
        <translation>粘贴(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;Published Cell</source>
        <translation>已发表的单元(&amp;P)</translation>
    </message>
    <message>
        <source>Re&amp;move</source>
        <translation>移除(&amp;M)</translation>
    </message>
    <message>
        <source>Make &amp;Reference</source>
        <translation>设为参照(&amp;R)</translation>
    </message>
    <message>
        <source>space default</source>
        <translation>搜索空间默认值</translation>
    </message>
    <message>
        <source>DARTS space: cells in all (20); NAS-Bench-201: cells per stage (5)</source>
        <translation>DARTS 空间：单元总数（20）；NAS-Bench-201：每阶段单元数（5）</translation>
    </message>
    <message>
        <source>Evaluation &amp;C:</source>
        <translation>评估网络 &amp;C：</translation>
    </message>
    <message>
        <source>&amp;Layers:</source>
        <translation>层数(&amp;L)：</translation>
    </message>
    <message>
        <source>&amp;Export Figure…</source>
        <translation>导出图表(&amp;E)…</translation>
    </message>
    <message>
        <source>At most %1 genotypes can be compared; remove one first.</source>
        <translation>最多可比较 %1 个基因型；请先移除一个。</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Genotype %1</source>
        <translation>基因型 %1</translation>
    </message>
    <message>
        <source>Pasted %1</source>
        <translation>已粘贴 %1</translation>
    </message>
    <message>
        <source>Pasted text: %1</source>
        <translation>粘贴的文本：%1</translation>
    </message>
    <message>
        <source>There is no published cell named “%1”.</source>
        <translation>没有名为“%1”的已发表单元。</translation>
    </message>
    <message>
        <source>%1 M</source>
        <translation>%1 M</translation>
    </message>
    <message>
        <source>counting…</source>
        <translation>正在计数…</translation>
    </message>
    <message>
        <source>%1  (%2, %3)</source>
        <translation>%1（%2，%3）</translation>
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
        <translation>运行的基因型</translation>
    </message>
    <message>
        <source>Genotype File</source>
        <translation>基因型文件</translation>
    </message>
    <message>
        <source>Genotypes (*.json *.py *.txt);;All files (*)</source>
        <translation>基因型 (*.json *.py *.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Paste Genotype</source>
        <translation>粘贴基因型</translation>
    </message>
    <message>
        <source>JSON, a DARTS literal (Genotype(normal=[…], …)) or a NAS-Bench-201 string:</source>
        <translation>JSON、DARTS 字面量（Genotype(normal=[…], …)）或 NAS-Bench-201 字符串：</translation>
    </message>
    <message>
        <source>Export Comparison Figure</source>
        <translation>导出比较图</translation>
    </message>
    <message>
        <source>C&amp;hoose…</source>
        <translation>选择(&amp;H)…</translation>
    </message>
    <message>
        <source>A NAS-Bench-201 database (gdas benchmark import) for the table&apos;s test accuracies</source>
        <translation>用于表格测试准确率的 NAS-Bench-201 数据库（gdas benchmark import）</translation>
    </message>
    <message>
        <source>Benchmark:</source>
        <translation>基准：</translation>
    </message>
    <message>
        <source>&amp;Data set:</source>
        <translation>数据集(&amp;D)：</translation>
    </message>
    <message>
        <source>&amp;Table</source>
        <translation>表格(&amp;T)</translation>
    </message>
    <message>
        <source>The cells shown as a table: parameters, multiply-adds, benchmark accuracy</source>
        <translation>以表格形式列出所示单元：参数量、乘加次数、基准准确率</translation>
    </message>
    <message>
        <source>Copy as &amp;Markdown</source>
        <translation>复制为 Markdown(&amp;M)</translation>
    </message>
    <message>
        <source>Copy as &amp;LaTeX</source>
        <translation>复制为 LaTeX(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Export Table…</source>
        <translation>导出表格(&amp;E)…</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Table copied.</source>
        <translation>表格已复制。</translation>
    </message>
    <message>
        <source>Table copied; some sizes were still being counted.</source>
        <translation>表格已复制；部分规模仍在统计中。</translation>
    </message>
    <message>
        <source>NAS-Bench-201 Database</source>
        <translation>NAS-Bench-201 数据库</translation>
    </message>
    <message>
        <source>Benchmark databases (*.sqlite *.db);;All files (*)</source>
        <translation>基准数据库 (*.sqlite *.db);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Export Table</source>
        <translation>导出表格</translation>
    </message>
    <message>
        <source>Wrote %1</source>
        <translation>已写入 %1</translation>
    </message>
    <message>
        <source>%1  (%2, %3, %4 % on %5)</source>
        <translation>%1（%2，%3，%5 上 %4 %）</translation>
    </message>
</context>
<context>
    <name>gdas::app::DataFolderRows</name>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>The folder with the data set&apos;s files; empty uses the default folder shown</source>
        <translation>存放数据集文件的文件夹；留空则使用显示的默认文件夹</translation>
    </message>
    <message>
        <source>Data &amp;folder:</source>
        <translation>数据文件夹(&amp;F)：</translation>
    </message>
    <message>
        <source> px</source>
        <translation> 像素</translation>
    </message>
    <message>
        <source>Image folders: each image&apos;s shorter side is resized to this, then the centre square is kept</source>
        <translation>图像文件夹：每张图像的短边缩放到此尺寸，然后保留中心正方形</translation>
    </message>
    <message>
        <source>Ima&amp;ge size:</source>
        <translation>图像尺寸(&amp;G)：</translation>
    </message>
    <message>
        <source>not needed</source>
        <translation>不需要</translation>
    </message>
    <message>
        <source>required: one sub-folder per class of PNG/JPEG files</source>
        <translation>必填：每个类别一个包含 PNG/JPEG 文件的子文件夹</translation>
    </message>
    <message>
        <source>Reading the image folder…</source>
        <translation>正在读取图像文件夹…</translation>
    </message>
    <message>
        <source>Data Folder</source>
        <translation>数据文件夹</translation>
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
        <translation>合成数据（生成的图案）</translation>
    </message>
    <message>
        <source>Image folder (your PNG/JPEG files, one sub-folder per class)</source>
        <translation>图像文件夹（您的 PNG/JPEG 文件，每个类别一个子文件夹）</translation>
    </message>
    <message>
        <source>Data s&amp;et:</source>
        <translation>数据集(&amp;E)：</translation>
    </message>
</context>
<context>
    <name>gdas::app::FigureExportDialog</name>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>&amp;File:</source>
        <translation>文件(&amp;F)：</translation>
    </message>
    <message>
        <source>&amp;Size:</source>
        <translation>尺寸(&amp;S)：</translation>
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
        <translation>文件名必须以 .svg、.pdf 或 .png 结尾。</translation>
    </message>
    <message>
        <source>pixels</source>
        <translation>像素</translation>
    </message>
    <message>
        <source>points (page size)</source>
        <translation>点（页面尺寸）</translation>
    </message>
    <message>
        <source>The file to write; its suffix (.svg, .pdf or .png) picks the format</source>
        <translation>要写入的文件；其扩展名（.svg、.pdf 或 .png）决定格式</translation>
    </message>
    <message>
        <source>Width: pixels for PNG, points for SVG and PDF</source>
        <translation>宽度：PNG 为像素，SVG 和 PDF 为点</translation>
    </message>
    <message>
        <source>Height: pixels for PNG, points for SVG and PDF</source>
        <translation>高度：PNG 为像素，SVG 和 PDF 为点</translation>
    </message>
    <message>
        <source>Replace File?</source>
        <translation>替换文件？</translation>
    </message>
    <message>
        <source>%1 already exists. Replace it?</source>
        <translation>%1 已存在。要替换它吗？</translation>
    </message>
</context>
<context>
    <name>gdas::app::HelpDialog</name>
    <message>
        <source>GDAS Workbench User Guide</source>
        <translation>GDAS 工作台用户指南</translation>
    </message>
    <message>
        <source>&amp;Back</source>
        <translation>后退(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;Contents</source>
        <translation>目录(&amp;C)</translation>
    </message>
    <message>
        <source>Back to the start of the user guide</source>
        <translation>回到用户指南开头</translation>
    </message>
</context>
<context>
    <name>gdas::app::ImageFolderPreview</name>
    <message>
        <source>Class</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>测试</translation>
    </message>
    <message>
        <source>First training images</source>
        <translation>前几张训练图像</translation>
    </message>
    <message>
        <source>The classes found (one sub-folder each) and their first images, decoded and brought to the image size as the network will see them</source>
        <translation>找到的类别（每个一个子文件夹）及其前几张图像，已解码并缩放到图像尺寸，与网络看到的一致</translation>
    </message>
    <message>
        <source>Choose the folder that holds your images: one sub-folder per class of PNG or JPEG files (or train/ and test/ folders holding such sub-folders).</source>
        <translation>请选择存放图像的文件夹：每个类别一个子文件夹，内含 PNG 或 JPEG 文件（或包含此类子文件夹的 train/ 和 test/ 文件夹）。</translation>
    </message>
    <message>
        <source>one folder per class, every 10th image held out for testing</source>
        <translation>每个类别一个文件夹，每 10 张图像留出 1 张用于测试</translation>
    </message>
    <message>
        <source>train/ only, every 10th image held out for testing</source>
        <translation>仅有 train/，每 10 张图像留出 1 张用于测试</translation>
    </message>
    <message>
        <source>%1 folders</source>
        <translation>%1 文件夹</translation>
    </message>
    <message numerus="yes">
        <source>%n classes, </source>
        <translation>
            <numerusform>%n 个类别，</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 training and %2 test images (%3), brought to %4×%4 pixels.</source>
        <translation>%1 张训练图像和 %2 张测试图像（%3），缩放到 %4×%4 像素。</translation>
    </message>
    <message numerus="yes">
        <source>%n other file(s) will be skipped (not .png, .jpg or .jpeg), e.g. %1.</source>
        <translation>
            <numerusform>将跳过 %n 个其他文件（不是 .png、.jpg 或 .jpeg），例如 %1。</numerusform>
        </translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>正在读取 %1…</translation>
    </message>
</context>
<context>
    <name>gdas::app::MainWindow</name>
    <message>
        <source>Search Failed</source>
        <translation>搜索失败</translation>
    </message>
    <message>
        <source>Cannot Follow the Run</source>
        <translation>无法跟踪该运行</translation>
    </message>
    <message>
        <source>Cannot Open the Run</source>
        <translation>无法打开该运行</translation>
    </message>
    <message>
        <source>Architecture Weights</source>
        <translation>架构权重</translation>
    </message>
    <message>
        <source>Genotype</source>
        <translation>基因型</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>日志</translation>
    </message>
    <message>
        <source>Cannot Start the Search</source>
        <translation>无法启动搜索</translation>
    </message>
    <message>
        <source>Open Run Directory</source>
        <translation>打开运行目录</translation>
    </message>
    <message>
        <source>Cannot Resume the Run</source>
        <translation>无法恢复该运行</translation>
    </message>
    <message>
        <source>GDAS Workbench</source>
        <translation>GDAS 工作台</translation>
    </message>
    <message>
        <source>%1 — GDAS Workbench</source>
        <translation>%1 — GDAS 工作台</translation>
    </message>
    <message>
        <source>Cannot add %1: %2</source>
        <translation>无法添加 %1：%2</translation>
    </message>
    <message>
        <source>Settings saved; they take effect at the next start</source>
        <translation>设置已保存；将在下次启动时生效</translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation>错误：%1</translation>
    </message>
    <message>
        <source>Search Running</source>
        <translation>搜索正在运行</translation>
    </message>
    <message>
        <source>A search is running. Stop it (keeping a checkpoint to resume from) and quit?</source>
        <translation>搜索正在运行。要停止它（保留可恢复的检查点）并退出吗？</translation>
    </message>
    <message>
        <source>Search Health</source>
        <translation>搜索健康度</translation>
    </message>
    <message>
        <source>Benchmark</source>
        <translation>基准</translation>
    </message>
    <message>
        <source>Open Study Folder</source>
        <translation>打开研究文件夹</translation>
    </message>
    <message>
        <source>Cannot Open the Study</source>
        <translation>无法打开该研究</translation>
    </message>
</context>
<context>
    <name>gdas::app::NewSearchDialog</name>
    <message>
        <source>New Search</source>
        <translation>新建搜索</translation>
    </message>
    <message>
        <source>&amp;Search</source>
        <translation>搜索(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Optimisation</source>
        <translation>优化(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Data &amp;&amp; Limits</source>
        <translation>数据与限制(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Start Search</source>
        <translation>开始搜索(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Quick Look on CPU</source>
        <translation>CPU 快速体验(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Paper Defaults</source>
        <translation>论文默认值(&amp;P)</translation>
    </message>
    <message>
        <source>The settings of the official GDAS search scripts</source>
        <translation>官方 GDAS 搜索脚本的设置</translation>
    </message>
    <message>
        <source>DARTS (NASNet cells)</source>
        <translation>DARTS（NASNet 单元）</translation>
    </message>
    <message>
        <source>NAS-Bench-201</source>
        <translation>NAS-Bench-201</translation>
    </message>
    <message>
        <source>Search s&amp;pace:</source>
        <translation>搜索空间(&amp;P)：</translation>
    </message>
    <message>
        <source>GDAS</source>
        <translation>GDAS</translation>
    </message>
    <message>
        <source>GDAS-FRC (fixed reduction cell)</source>
        <translation>GDAS-FRC（固定缩减单元）</translation>
    </message>
    <message>
        <source>DARTS (first order)</source>
        <translation>DARTS（一阶）</translation>
    </message>
    <message>
        <source>&amp;Algorithm:</source>
        <translation>算法(&amp;A)：</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>&amp;Epochs:</source>
        <translation>轮数(&amp;E)：</translation>
    </message>
    <message>
        <source>Images per batch in each half of the split; 0 uses the space&apos;s default</source>
        <translation>数据划分每一半中每批的图像数；0 表示使用搜索空间的默认值</translation>
    </message>
    <message>
        <source>&amp;Batch size:</source>
        <translation>批大小(&amp;B)：</translation>
    </message>
    <message>
        <source>C: channels of the first stage</source>
        <translation>C：第一阶段的通道数</translation>
    </message>
    <message>
        <source>&amp;Channels (C):</source>
        <translation>通道数 (&amp;C)：</translation>
    </message>
    <message>
        <source>N: cells per stage; 0 uses the space&apos;s default</source>
        <translation>N：每阶段的单元数；0 表示使用搜索空间的默认值</translation>
    </message>
    <message>
        <source>Cells per stage (&amp;N):</source>
        <translation>每阶段单元数 (&amp;N)：</translation>
    </message>
    <message>
        <source>Se&amp;ed:</source>
        <translation>随机种子(&amp;E)：</translation>
    </message>
    <message>
        <source>auto (CUDA when available)</source>
        <translation>auto（可用时使用 CUDA）</translation>
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
        <translation>auto、cpu、cuda 或 cuda:N</translation>
    </message>
    <message>
        <source>De&amp;vice:</source>
        <translation>设备(&amp;V)：</translation>
    </message>
    <message>
        <source>LibTorch default</source>
        <translation>LibTorch 默认值</translation>
    </message>
    <message>
        <source>CPU &amp;threads:</source>
        <translation>CPU 线程数(&amp;T)：</translation>
    </message>
    <message>
        <source>Run &amp;name:</source>
        <translation>运行名称(&amp;N)：</translation>
    </message>
    <message>
        <source>&amp;Output folder:</source>
        <translation>输出文件夹(&amp;O)：</translation>
    </message>
    <message>
        <source>&lt;b&gt;Weights&lt;/b&gt; (SGD, Nesterov, cosine schedule)</source>
        <translation>&lt;b&gt;权重&lt;/b&gt;（SGD，Nesterov，余弦调度）</translation>
    </message>
    <message>
        <source>&amp;Gradient clip (norm):</source>
        <translation>梯度裁剪（范数）(&amp;G)：</translation>
    </message>
    <message>
        <source>&lt;b&gt;Architecture&lt;/b&gt; (Adam)</source>
        <translation>&lt;b&gt;架构&lt;/b&gt;（Adam）</translation>
    </message>
    <message>
        <source>Arch learning r&amp;ate:</source>
        <translation>架构学习率(&amp;A)：</translation>
    </message>
    <message>
        <source>Adam β&amp;1:</source>
        <translation>Adam β&amp;1：</translation>
    </message>
    <message>
        <source>Adam β&amp;2:</source>
        <translation>Adam β&amp;2：</translation>
    </message>
    <message>
        <source>Arch weight &amp;decay:</source>
        <translation>架构权重衰减(&amp;D)：</translation>
    </message>
    <message>
        <source>&lt;b&gt;Gumbel-softmax temperature&lt;/b&gt; (linear from τ max to τ min)</source>
        <translation>&lt;b&gt;Gumbel-softmax 温度&lt;/b&gt;（从 τ max 线性降到 τ min）</translation>
    </message>
    <message>
        <source>τ ma&amp;x:</source>
        <translation>τ 最大值(&amp;X)：</translation>
    </message>
    <message>
        <source>τ mi&amp;n:</source>
        <translation>τ 最小值(&amp;N)：</translation>
    </message>
    <message>
        <source>DARTS: two strongest distinct inputs per node</source>
        <translation>DARTS：每个节点取两个最强的不同输入</translation>
    </message>
    <message>
        <source>GDAS official: two strongest (op, input) pairs</source>
        <translation>GDAS 官方：两个最强的（操作，输入）对</translation>
    </message>
    <message>
        <source>Genotype &amp;rule:</source>
        <translation>基因型规则(&amp;R)：</translation>
    </message>
    <message>
        <source>all images</source>
        <translation>全部图像</translation>
    </message>
    <message>
        <source>&amp;Training images:</source>
        <translation>训练图像(&amp;T)：</translation>
    </message>
    <message>
        <source>T&amp;est images:</source>
        <translation>测试图像(&amp;E)：</translation>
    </message>
    <message>
        <source>the whole half-split</source>
        <translation>整个半份划分</translation>
    </message>
    <message>
        <source>&amp;Max steps per epoch:</source>
        <translation>每轮最大步数(&amp;M)：</translation>
    </message>
    <message>
        <source>&amp;Log every (steps):</source>
        <translation>日志间隔（步）(&amp;L)：</translation>
    </message>
    <message>
        <source>Random crop and horizontal flip</source>
        <translation>随机裁剪和水平翻转</translation>
    </message>
    <message>
        <source>&amp;Augmentation:</source>
        <translation>数据增强(&amp;A)：</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>C&amp;utout side:</source>
        <translation>Cutout 边长(&amp;U)：</translation>
    </message>
    <message>
        <source>&lt;b&gt;Synthetic data set&lt;/b&gt;</source>
        <translation>&lt;b&gt;合成数据集&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Ima&amp;ges:</source>
        <translation>图像数(&amp;G)：</translation>
    </message>
    <message>
        <source>C&amp;hannels:</source>
        <translation>通道数(&amp;H)：</translation>
    </message>
    <message>
        <source>&amp;Side (pixels):</source>
        <translation>边长（像素）(&amp;S)：</translation>
    </message>
    <message>
        <source>Cla&amp;sses:</source>
        <translation>类别数(&amp;S)：</translation>
    </message>
    <message>
        <source>&lt;b&gt;Performance&lt;/b&gt;</source>
        <translation>&lt;b&gt;性能&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Channels-last activations (faster oneDNN convolutions on CPU)</source>
        <translation>channels-last 激活（CPU 上 oneDNN 卷积更快）</translation>
    </message>
    <message>
        <source>Deterministic algorithms (reproducible on GPU, slower)</source>
        <translation>确定性算法（在 GPU 上可复现，较慢）</translation>
    </message>
    <message>
        <source>space default (%1)</source>
        <translation>搜索空间默认值（%1）</translation>
    </message>
    <message>
        <source>Device “%1” is not one of auto, cpu, cuda or cuda:N.</source>
        <translation>设备“%1”不是 auto、cpu、cuda 或 cuda:N 之一。</translation>
    </message>
    <message>
        <source>The output folder %1 is a file.</source>
        <translation>输出文件夹 %1 是一个文件。</translation>
    </message>
    <message>
        <source>The output folder %1 already holds a run; choose another one (or open that run to resume it).</source>
        <translation>输出文件夹 %1 中已有运行；请选择其他文件夹（或打开该运行以恢复它）。</translation>
    </message>
    <message>
        <source>The output folder %1 is not empty.</source>
        <translation>输出文件夹 %1 不为空。</translation>
    </message>
    <message>
        <source>Output Folder</source>
        <translation>输出文件夹</translation>
    </message>
    <message>
        <source>DARTS: normal and reduction cells of 4 nodes and 8 candidate operations; NAS-Bench-201: one cell of 4 nodes and 5 operations</source>
        <translation>DARTS：普通单元和缩减单元，各有 4 个节点和 8 个候选操作；NAS-Bench-201：一个单元，4 个节点和 5 个操作</translation>
    </message>
    <message>
        <source>GDAS samples one operation per edge; GDAS-FRC searches the normal cell only; DARTS mixes all operations (first-order gradient)</source>
        <translation>GDAS 在每条边上采样一个操作；GDAS-FRC 只搜索普通单元；DARTS 混合所有操作（一阶梯度）</translation>
    </message>
    <message>
        <source>The training set is split in halves: one trains the weights, the other the architecture</source>
        <translation>训练集被分成两半：一半训练权重，另一半训练架构</translation>
    </message>
    <message>
        <source>Passes over the training half; τ falls linearly over them</source>
        <translation>遍历训练数据那一半的次数；τ 在这些轮次中线性下降</translation>
    </message>
    <message>
        <source>Seeds the split, the initial weights and the Gumbel noise: the same seed repeats a search</source>
        <translation>用于数据划分、初始权重和 Gumbel 噪声的种子：相同的种子会重复同一次搜索</translation>
    </message>
    <message>
        <source>Threads LibTorch uses on the CPU</source>
        <translation>LibTorch 在 CPU 上使用的线程数</translation>
    </message>
    <message>
        <source>Names the run and its folder; empty uses the generated name shown</source>
        <translation>运行及其文件夹的名称；留空则使用显示的生成名称</translation>
    </message>
    <message>
        <source>The run directory to write; it must not exist yet or be empty</source>
        <translation>要写入的运行目录；它必须尚不存在或为空</translation>
    </message>
    <message>
        <source>A small search on 2000 Fashion-MNIST images that shows the cells evolving within a few minutes on two CPU cores</source>
        <translation>在 2000 张 Fashion-MNIST 图像上进行的小型搜索，在两个 CPU 核心上几分钟内即可看到单元的演化</translation>
    </message>
    <message>
        <source>NAS-Bench-201: one cell, about a minute</source>
        <translation>NAS-Bench-201：一个单元，约一分钟</translation>
    </message>
    <message>
        <source>DARTS: normal and reduction cells, about two minutes</source>
        <translation>DARTS：普通单元和缩减单元，约两分钟</translation>
    </message>
</context>
<context>
    <name>gdas::app::RetrainDialog</name>
    <message>
        <source>Retrain a Genotype</source>
        <translation>重新训练基因型</translation>
    </message>
    <message>
        <source>&amp;Network &amp;&amp; Data</source>
        <translation>网络与数据(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Training</source>
        <translation>训练(&amp;T)</translation>
    </message>
    <message>
        <source>Published: %1</source>
        <translation>已发表：%1</translation>
    </message>
    <message>
        <source>Other: a name, a file or the text</source>
        <translation>其他：名称、文件或文本</translation>
    </message>
    <message>
        <source>&amp;Genotype:</source>
        <translation>基因型(&amp;G)：</translation>
    </message>
    <message>
        <source>DARTS_V2, /path/genotype.json, Genotype(normal=[…]) or |nor_conv_3x3~0|+…</source>
        <translation>DARTS_V2、/路径/genotype.json、Genotype(normal=[…]) 或 |nor_conv_3x3~0|+…</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Genotype File</source>
        <translation>基因型文件</translation>
    </message>
    <message>
        <source>Genotypes (*.json *.py *.txt);;All files (*)</source>
        <translation>基因型 (*.json *.py *.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>default (36; Fashion-MNIST 16; NAS-Bench-201 16)</source>
        <translation>默认（36；Fashion-MNIST 为 16；NAS-Bench-201 为 16）</translation>
    </message>
    <message>
        <source>&amp;Channels (C):</source>
        <translation>通道数 (&amp;C)：</translation>
    </message>
    <message>
        <source>default (20 cells; Fashion-MNIST 8; NAS-Bench-201 N=5)</source>
        <translation>默认（20 个单元；Fashion-MNIST 为 8；NAS-Bench-201 N=5）</translation>
    </message>
    <message>
        <source>&amp;Layers:</source>
        <translation>层数(&amp;L)：</translation>
    </message>
    <message>
        <source>Auxiliary head after 2/3 of the depth</source>
        <translation>在 2/3 深度处加辅助头</translation>
    </message>
    <message>
        <source>A&amp;uxiliary:</source>
        <translation>辅助头(&amp;U)：</translation>
    </message>
    <message>
        <source>See&amp;d:</source>
        <translation>随机种子(&amp;D)：</translation>
    </message>
    <message>
        <source>De&amp;vice:</source>
        <translation>设备(&amp;V)：</translation>
    </message>
    <message>
        <source>Run &amp;name:</source>
        <translation>运行名称(&amp;N)：</translation>
    </message>
    <message>
        <source>&amp;Output folder:</source>
        <translation>输出文件夹(&amp;O)：</translation>
    </message>
    <message>
        <source>&amp;Epochs:</source>
        <translation>轮数(&amp;E)：</translation>
    </message>
    <message>
        <source>&amp;Batch size:</source>
        <translation>批大小(&amp;B)：</translation>
    </message>
    <message>
        <source>&amp;Gradient clip:</source>
        <translation>梯度裁剪(&amp;G)：</translation>
    </message>
    <message>
        <source>Auxiliary &amp;weight:</source>
        <translation>辅助头权重(&amp;W)：</translation>
    </message>
    <message>
        <source>&amp;Drop-path:</source>
        <translation>Drop-path(&amp;D)：</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>C&amp;utout side:</source>
        <translation>Cutout 边长(&amp;U)：</translation>
    </message>
    <message>
        <source>all images</source>
        <translation>全部图像</translation>
    </message>
    <message>
        <source>&amp;Training images:</source>
        <translation>训练图像(&amp;T)：</translation>
    </message>
    <message>
        <source>Te&amp;st images:</source>
        <translation>测试图像(&amp;S)：</translation>
    </message>
    <message>
        <source>the whole training set</source>
        <translation>整个训练集</translation>
    </message>
    <message>
        <source>Ma&amp;x steps per epoch:</source>
        <translation>每轮最大步数(&amp;X)：</translation>
    </message>
    <message>
        <source>&amp;Log every (steps):</source>
        <translation>日志间隔（步）(&amp;L)：</translation>
    </message>
    <message>
        <source>&amp;Start Retraining</source>
        <translation>开始重新训练(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Quick Look on CPU</source>
        <translation>CPU 快速体验(&amp;Q)</translation>
    </message>
    <message>
        <source>Open run: %1</source>
        <translation>已打开的运行：%1</translation>
    </message>
    <message>
        <source>Give a genotype: a published name, a file, or the text itself.</source>
        <translation>请给出基因型：已发表的名称、文件或文本本身。</translation>
    </message>
    <message>
        <source>Unknown genotype “%1”.</source>
        <translation>未知的基因型“%1”。</translation>
    </message>
    <message>
        <source>Device “%1” is not one of auto, cpu, cuda or cuda:N.</source>
        <translation>设备“%1”不是 auto、cpu、cuda 或 cuda:N 之一。</translation>
    </message>
    <message>
        <source>The output folder %1 is not empty.</source>
        <translation>输出文件夹 %1 不为空。</translation>
    </message>
    <message>
        <source>The cell to train: a published one, the open run&apos;s, or any other (a name, a genotype file or the text)</source>
        <translation>要训练的单元：已发表的单元、已打开运行的单元，或其他任意单元（名称、基因型文件或文本）</translation>
    </message>
    <message>
        <source>C: channels of the first cells of the evaluation network</source>
        <translation>C：评估网络前几个单元的通道数</translation>
    </message>
    <message>
        <source>DARTS space: cells in all; NAS-Bench-201: cells per stage</source>
        <translation>DARTS 空间：单元总数；NAS-Bench-201：每阶段单元数</translation>
    </message>
    <message>
        <source>Seeds the initial weights and the data order: the same seed repeats a run</source>
        <translation>用于初始权重和数据顺序的种子：相同的种子会重复同一次运行</translation>
    </message>
    <message>
        <source>auto, cpu, cuda or cuda:N</source>
        <translation>auto、cpu、cuda 或 cuda:N</translation>
    </message>
    <message>
        <source>Names the run and its folder; empty uses the generated name shown</source>
        <translation>运行及其文件夹的名称；留空则使用显示的生成名称</translation>
    </message>
    <message>
        <source>The run directory to write; it must not exist yet or be empty</source>
        <translation>要写入的运行目录；它必须尚不存在或为空</translation>
    </message>
</context>
<context>
    <name>gdas::app::RetrainWindow</name>
    <message>
        <source>Retraining — GDAS Workbench</source>
        <translation>重新训练 — GDAS 工作台</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>日志</translation>
    </message>
    <message>
        <source>Retraining</source>
        <translation>重新训练</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>暂停(&amp;P)</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>停止(&amp;T)</translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation>错误：%1</translation>
    </message>
    <message>
        <source>Retraining Failed</source>
        <translation>重新训练失败</translation>
    </message>
    <message>
        <source>Retraining %1 — GDAS Workbench</source>
        <translation>重新训练 %1 — GDAS 工作台</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <source>Retraining %1 in %2</source>
        <translation>正在 %2 中重新训练 %1</translation>
    </message>
    <message>
        <source>Running on %1</source>
        <translation>正在 %1 上运行</translation>
    </message>
    <message>
        <source>%1: %2 parameters (%3 with the auxiliary head), %4 training and %5 test images</source>
        <translation>%1：%2 个参数（含辅助头 %3 个），%4 张训练图像和 %5 张测试图像</translation>
    </message>
    <message>
        <source>Epoch %1/%2, step %3/%4</source>
        <translation>轮次 %1/%2，步 %3/%4</translation>
    </message>
    <message>
        <source>ETA %1</source>
        <translation>剩余 %1</translation>
    </message>
    <message>
        <source>test top-1 %1% (best %2% at epoch %3)</source>
        <translation>测试 top-1 %1%（最佳 %2%，第 %3 轮）</translation>
    </message>
    <message>
        <source>Res&amp;ume</source>
        <translation>继续(&amp;U)</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>Finished: best test top-1 %1% (epoch %2)</source>
        <translation>已完成：最佳测试 top-1 %1%（第 %2 轮）</translation>
    </message>
    <message numerus="yes">
        <source>Stopped after %n epoch(s)</source>
        <translation>
            <numerusform>在 %n 个轮次后停止</numerusform>
        </translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Weights: %1</source>
        <translation>权重：%1</translation>
    </message>
    <message>
        <source>Retraining Running</source>
        <translation>重新训练正在进行</translation>
    </message>
    <message>
        <source>The retraining is running. Stop it (keeping a checkpoint to resume from) and close?</source>
        <translation>重新训练正在进行。要停止它（保留可恢复的检查点）并关闭吗？</translation>
    </message>
</context>
<context>
    <name>gdas::app::RunDocument</name>
    <message>
        <source>Not following</source>
        <translation>未在跟踪</translation>
    </message>
    <message>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>A search is running; stop it before opening another run.</source>
        <translation>正在进行搜索；请先停止它再打开其他运行。</translation>
    </message>
    <message>
        <source>Following %1</source>
        <translation>正在跟踪 %1</translation>
    </message>
    <message>
        <source>Opened %1 (%2 metric rows, %3 epochs%4)</source>
        <translation>已打开 %1（%2 行指标，%3 个轮次%4）</translation>
    </message>
    <message>
        <source>, %1</source>
        <translation>，%1</translation>
    </message>
    <message>
        <source>A search is already running.</source>
        <translation>已有搜索在运行。</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <source>Starting search %1 in %2</source>
        <translation>正在 %2 中启动搜索 %1</translation>
    </message>
    <message>
        <source>The open run cannot be resumed (it is not stopped, or it has no checkpoint).</source>
        <translation>无法恢复已打开的运行（它未停止，或没有检查点）。</translation>
    </message>
    <message>
        <source>Resuming…</source>
        <translation>正在恢复…</translation>
    </message>
    <message>
        <source>Resuming %1 from its checkpoint</source>
        <translation>正在从检查点恢复 %1</translation>
    </message>
    <message>
        <source>Pausing…</source>
        <translation>正在暂停…</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
    <message>
        <source>Running on %1</source>
        <translation>正在 %1 上运行</translation>
    </message>
    <message>
        <source>Running on %1: %2 weight parameters, %3 architecture parameters, %4 steps per epoch</source>
        <translation>正在 %1 上运行：%2 个权重参数，%3 个架构参数，每轮 %4 步</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>Resumed</source>
        <translation>已继续</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>已完成</translation>
    </message>
    <message numerus="yes">
        <source>Stopped after %n epoch(s)</source>
        <translation>
            <numerusform>在 %n 个轮次后停止</numerusform>
        </translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Cannot read the run back: %1</source>
        <translation>无法读回该运行：%1</translation>
    </message>
    <message>
        <source>Following %1 (%2)</source>
        <translation>正在跟踪 %1（%2）</translation>
    </message>
    <message>
        <source>Run status: %1</source>
        <translation>运行状态：%1</translation>
    </message>
    <message>
        <source>Run status: %1 — %2</source>
        <translation>运行状态：%1 — %2</translation>
    </message>
</context>
<context>
    <name>gdas::app::RunExports</name>
    <message>
        <source>%1: there is no genotype to export yet</source>
        <translation>%1：尚无可导出的基因型</translation>
    </message>
    <message>
        <source>Wrote %1</source>
        <translation>已写入 %1</translation>
    </message>
    <message>
        <source>Export Failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <source>Export Genotype as %1</source>
        <translation>将基因型导出为 %1</translation>
    </message>
    <message>
        <source>Export Cell Figure</source>
        <translation>导出单元图</translation>
    </message>
    <message>
        <source>Export Curves Figure</source>
        <translation>导出曲线图</translation>
    </message>
    <message>
        <source>Export Heat Map</source>
        <translation>导出热力图</translation>
    </message>
    <message>
        <source>Export Metrics</source>
        <translation>导出指标</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>Genotype copied</source>
        <translation>基因型已复制</translation>
    </message>
    <message>
        <source>Cannot Copy the Genotype</source>
        <translation>无法复制基因型</translation>
    </message>
    <message>
        <source>Export Benchmark Figure</source>
        <translation>导出基准图</translation>
    </message>
    <message>
        <source>Export Cell Animation</source>
        <translation>导出单元动画</translation>
    </message>
    <message>
        <source>Animated GIF (*.gif)</source>
        <translation>GIF 动画 (*.gif)</translation>
    </message>
    <message>
        <source>Replace File?</source>
        <translation>替换文件？</translation>
    </message>
    <message>
        <source>%1 already exists. Replace it?</source>
        <translation>%1 已存在。要替换它吗？</translation>
    </message>
    <message>
        <source>Drawing the cells of every epoch…</source>
        <translation>正在绘制每个轮次的单元…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>gdas::app::RunFailureDialog</name>
    <message>
        <source>Search Stopped: Non-Finite Loss</source>
        <translation>搜索已停止：损失值非有限</translation>
    </message>
    <message>
        <source>&lt;p&gt;The search in &lt;b&gt;%1&lt;/b&gt; stopped:&lt;/p&gt;&lt;p&gt;%2&lt;/p&gt;&lt;p&gt;Nothing after the last good checkpoint was kept. Training usually gets past a diverging loss with lower learning rates: the run can continue from that checkpoint with the weights&apos; and the architecture&apos;s learning rates multiplied by the factor below (recorded in the run&apos;s config.json).&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;%1&lt;/b&gt; 中的搜索已停止：&lt;/p&gt;&lt;p&gt;%2&lt;/p&gt;&lt;p&gt;最后一个正常检查点之后的内容均未保留。降低学习率通常可以让训练越过发散的损失：该运行可以从那个检查点继续，权重和架构的学习率都乘以下面的系数（记录在运行的 config.json 中）。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Both learning rates are multiplied by this from the checkpoint on</source>
        <translation>从检查点起，两个学习率都乘以该系数</translation>
    </message>
    <message>
        <source>Multiply the learning rates by:</source>
        <translation>学习率乘以：</translation>
    </message>
    <message>
        <source>Lower the Learning Rate and Resume</source>
        <translation>降低学习率并恢复</translation>
    </message>
</context>
<context>
    <name>gdas::app::RunStatusBar</name>
    <message>
        <source>Epoch —</source>
        <translation>轮次 —</translation>
    </message>
    <message>
        <source>Step —</source>
        <translation>步 —</translation>
    </message>
    <message>
        <source>Epoch %1/%2</source>
        <translation>轮次 %1/%2</translation>
    </message>
    <message>
        <source>Epoch %1</source>
        <translation>轮次 %1</translation>
    </message>
    <message>
        <source>Step %1/%2</source>
        <translation>步 %1/%2</translation>
    </message>
    <message>
        <source>Step %1</source>
        <translation>步 %1</translation>
    </message>
    <message>
        <source>%1 images/s</source>
        <translation>%1 张图像/秒</translation>
    </message>
    <message>
        <source>ETA %1</source>
        <translation>剩余 %1</translation>
    </message>
</context>
<context>
    <name>gdas::app::RunViews</name>
    <message>
        <source>Cells</source>
        <translation>单元</translation>
    </message>
    <message>
        <source>Curves</source>
        <translation>曲线</translation>
    </message>
    <message>
        <source>Normal cell architecture weights</source>
        <translation>普通单元的架构权重</translation>
    </message>
    <message>
        <source>Reduction cell architecture weights</source>
        <translation>缩减单元的架构权重</translation>
    </message>
    <message>
        <source>Genotype</source>
        <translation>基因型</translation>
    </message>
    <message>
        <source>Normal cell α, epoch %1 (τ = %2)</source>
        <translation>普通单元 α，轮次 %1（τ = %2）</translation>
    </message>
    <message>
        <source>Reduction cell α, epoch %1</source>
        <translation>缩减单元 α，轮次 %1</translation>
    </message>
    <message>
        <source>No genotype yet</source>
        <translation>尚无基因型</translation>
    </message>
    <message>
        <source>Final genotype (genotype.json)</source>
        <translation>最终基因型（genotype.json）</translation>
    </message>
    <message>
        <source>Genotype derived after epoch %1</source>
        <translation>第 %1 轮后导出的基因型</translation>
    </message>
</context>
<context>
    <name>gdas::app::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>System language (%1)</source>
        <translation>系统语言（%1）</translation>
    </message>
    <message>
        <source>The language of menus, dialogs and messages. Without a choice the workbench follows the system&apos;s language (LANG, LC_MESSAGES).</source>
        <translation>菜单、对话框和消息使用的语言。未选择时，工作台跟随系统语言（LANG、LC_MESSAGES）。</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>语言(&amp;L)：</translation>
    </message>
    <message>
        <source>System colours</source>
        <translation>系统颜色</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <source>System colours follow the desktop&apos;s theme; Light and Dark use Qt&apos;s Fusion style with a fixed palette. The command-line option --palette overrides this for one start.</source>
        <translation>系统颜色跟随桌面主题；浅色和深色使用 Qt 的 Fusion 风格和固定调色板。命令行选项 --palette 可在单次启动时覆盖此设置。</translation>
    </message>
    <message>
        <source>&amp;Colours:</source>
        <translation>颜色(&amp;C)：</translation>
    </message>
    <message>
        <source>Changes take effect when the workbench is started again.</source>
        <translation>更改将在工作台下次启动时生效。</translation>
    </message>
</context>
<context>
    <name>gdas::app::StudyDocument</name>
    <message>
        <source>%1: no such folder</source>
        <translation>%1：文件夹不存在</translation>
    </message>
    <message>
        <source>%1: missing; %2 is not a study folder (gdas study writes one)</source>
        <translation>%1：缺失；%2 不是研究文件夹（由 gdas study 生成）</translation>
    </message>
    <message>
        <source>%1: cannot open (%2)</source>
        <translation>%1：无法打开（%2）</translation>
    </message>
    <message>
        <source>The finished seeds&apos; cells have no consensus: %1</source>
        <translation>已完成种子的单元无法形成共识：%1</translation>
    </message>
    <message>
        <source>cannot be read</source>
        <translation>无法读取</translation>
    </message>
    <message>
        <source>not started</source>
        <translation>未开始</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>running, epoch %1 of %2</source>
        <translation>运行中，第 %1/%2 轮</translation>
    </message>
    <message>
        <source>running, epoch %1</source>
        <translation>运行中，第 %1 轮</translation>
    </message>
    <message>
        <source>%1 after epoch %2</source>
        <translation>第 %2 轮后%1</translation>
    </message>
    <message>
        <source>seed %1</source>
        <translation>种子 %1</translation>
    </message>
</context>
<context>
    <name>gdas::app::StudyWindow</name>
    <message>
        <source>search validation accuracy (%)</source>
        <translation>搜索验证准确率（%）</translation>
    </message>
    <message>
        <source>search validation loss</source>
        <translation>搜索验证损失</translation>
    </message>
    <message>
        <source>search training accuracy (%)</source>
        <translation>搜索训练准确率（%）</translation>
    </message>
    <message>
        <source>search training loss</source>
        <translation>搜索训练损失</translation>
    </message>
    <message>
        <source>benchmark test accuracy (%)</source>
        <translation>基准测试准确率（%）</translation>
    </message>
    <message>
        <source>Consensus cell</source>
        <translation>共识单元</translation>
    </message>
    <message>
        <source>Reduction cell</source>
        <translation>缩减单元</translation>
    </message>
    <message>
        <source>Consensus reduction cell</source>
        <translation>共识缩减单元</translation>
    </message>
    <message>
        <source>Value per epoch</source>
        <translation>每轮的数值</translation>
    </message>
    <message>
        <source>Band around the mean</source>
        <translation>均值周围的区间带</translation>
    </message>
    <message>
        <source>Band: mean ± 1 standard deviation</source>
        <translation>区间带：均值 ± 1 个标准差</translation>
    </message>
    <message>
        <source>Band: lowest to highest seed</source>
        <translation>区间带：最低到最高的种子</translation>
    </message>
    <message>
        <source>&amp;Value:</source>
        <translation>数值(&amp;V)：</translation>
    </message>
    <message>
        <source>&amp;Curves</source>
        <translation>曲线(&amp;C)</translation>
    </message>
    <message>
        <source>Seeds shown (up to %1; the first is the reference):</source>
        <translation>显示的种子（最多 %1 个；第一个为参照）：</translation>
    </message>
    <message>
        <source>Seeds</source>
        <translation>种子</translation>
    </message>
    <message>
        <source>&amp;Seeds</source>
        <translation>种子(&amp;S)</translation>
    </message>
    <message>
        <source>Table</source>
        <translation>表格</translation>
    </message>
    <message>
        <source>Copy as &amp;Markdown</source>
        <translation>复制为 Markdown(&amp;M)</translation>
    </message>
    <message>
        <source>Copy as &amp;LaTeX</source>
        <translation>复制为 LaTeX(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Export Table…</source>
        <translation>导出表格(&amp;E)…</translation>
    </message>
    <message>
        <source>Study table</source>
        <translation>研究表格</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>Export &amp;Consensus Figure…</source>
        <translation>导出共识图(&amp;C)…</translation>
    </message>
    <message>
        <source>Export Consensus Figure</source>
        <translation>导出共识图</translation>
    </message>
    <message>
        <source>Export C&amp;urves Figure…</source>
        <translation>导出曲线图(&amp;U)…</translation>
    </message>
    <message>
        <source>Export Curves Figure</source>
        <translation>导出曲线图</translation>
    </message>
    <message>
        <source>Export &amp;Seeds Figure…</source>
        <translation>导出种子图(&amp;S)…</translation>
    </message>
    <message>
        <source>Export Seeds Figure</source>
        <translation>导出种子图</translation>
    </message>
    <message>
        <source>Export Study as C&amp;SV…</source>
        <translation>将研究导出为 CSV(&amp;S)…</translation>
    </message>
    <message>
        <source>Export &amp;Table…</source>
        <translation>导出表格(&amp;T)…</translation>
    </message>
    <message>
        <source>Copy Table as &amp;Markdown</source>
        <translation>将表格复制为 Markdown(&amp;M)</translation>
    </message>
    <message>
        <source>Copy Table as &amp;LaTeX</source>
        <translation>将表格复制为 LaTeX(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>关闭(&amp;C)</translation>
    </message>
    <message>
        <source>%1 — Study — GDAS Workbench</source>
        <translation>%1 — 研究 — GDAS Workbench</translation>
    </message>
    <message>
        <source>No study open</source>
        <translation>未打开研究</translation>
    </message>
    <message>
        <source>DARTS space</source>
        <translation>DARTS 搜索空间</translation>
    </message>
    <message>
        <source>NAS-Bench-201</source>
        <translation>NAS-Bench-201</translation>
    </message>
    <message>
        <source>Study “%1” (%2): %3 of %4 seeds finished — %5</source>
        <translation>研究“%1”（%2）：%4 个种子中已完成 %3 个 — %5</translation>
    </message>
    <message>
        <source>Consensus normal cell</source>
        <translation>共识普通单元</translation>
    </message>
    <message>
        <source>No seed has finished yet (0 of %1): the consensus appears when the first one does.</source>
        <translation>尚无种子完成（0/%1）：第一个种子完成后即显示共识。</translation>
    </message>
    <message>
        <source>mean agreement %1 % in the normal cell, %2 % in the reduction cell</source>
        <translation>普通单元平均一致度 %1 %，缩减单元 %2 %</translation>
    </message>
    <message>
        <source>mean agreement %1 %</source>
        <translation>平均一致度 %1 %</translation>
    </message>
    <message>
        <source>seed %1 — %2</source>
        <translation>种子 %1 — %2</translation>
    </message>
    <message>
        <source>At most %1 seeds side by side: uncheck one first.</source>
        <translation>最多并排显示 %1 个种子：请先取消勾选一个。</translation>
    </message>
    <message>
        <source>seed %1 (epoch %2)</source>
        <translation>种子 %1（第 %2 轮）</translation>
    </message>
    <message>
        <source>seed %1</source>
        <translation>种子 %1</translation>
    </message>
    <message>
        <source>No cell yet: seed %1.</source>
        <translation>尚无单元：种子 %1。</translation>
    </message>
    <message>
        <source>%1 test accuracy (%)</source>
        <translation>%1 测试准确率（%）</translation>
    </message>
    <message>
        <source>best in the benchmark: %1 %</source>
        <translation>基准中的最佳值：%1 %</translation>
    </message>
    <message>
        <source>Final metrics (mean ± std over the seeds)</source>
        <translation>最终指标（各种子的均值 ± 标准差）</translation>
    </message>
    <message>
        <source>Reduction cell: each seed&apos;s op per edge</source>
        <translation>缩减单元：每个种子在各条边上的操作</translation>
    </message>
    <message>
        <source>Normal cell: each seed&apos;s op per edge</source>
        <translation>普通单元：每个种子在各条边上的操作</translation>
    </message>
    <message>
        <source>Cell: each seed&apos;s op per edge</source>
        <translation>单元：每个种子在各条边上的操作</translation>
    </message>
    <message>
        <source>%1: no seed has finished yet: there is no consensus to draw</source>
        <translation>%1：尚无种子完成，没有可绘制的共识</translation>
    </message>
    <message>
        <source>Table copied as LaTeX (needs \usepackage{booktabs})</source>
        <translation>表格已复制为 LaTeX（需要 \usepackage{booktabs}）</translation>
    </message>
    <message>
        <source>Table copied as Markdown</source>
        <translation>表格已复制为 Markdown</translation>
    </message>
    <message>
        <source>Wrote %1</source>
        <translation>已写入 %1</translation>
    </message>
    <message>
        <source>Export Failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <source>Export Study as CSV</source>
        <translation>将研究导出为 CSV</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>Export Table</source>
        <translation>导出表格</translation>
    </message>
    <message>
        <source>The majority cell of %1 of %2 seeds finished; %3.</source>
        <translation>%2 个种子中已完成 %1 个的多数单元；%3。</translation>
    </message>
    <message>
        <source>Edge width and colour: the share of seeds whose cell holds that op there (hover an edge for every op&apos;s share).</source>
        <translation>边的宽度和颜色：单元在该处包含此操作的种子比例（悬停在边上可查看每个操作的比例）。</translation>
    </message>
</context>
<context>
    <name>gdas::app::WeightsOptimiserRows</name>
    <message>
        <source>Learning &amp;rate:</source>
        <translation>学习率(&amp;R)：</translation>
    </message>
    <message>
        <source>Final learning rate:</source>
        <translation>最终学习率：</translation>
    </message>
    <message>
        <source>&amp;Momentum:</source>
        <translation>动量(&amp;M)：</translation>
    </message>
    <message>
        <source>&amp;Weight decay:</source>
        <translation>权重衰减(&amp;W)：</translation>
    </message>
</context>
<context>
    <name>gdas::app::WelcomePage</name>
    <message>
        <source>&lt;h1&gt;GDAS Workbench&lt;/h1&gt;&lt;p&gt;GDAS searches for a neural network cell: on every edge it samples one candidate operation with a Gumbel-softmax and learns which operations to keep.&lt;/p&gt;&lt;p&gt;Watch a search learn, epoch by epoch: loss and accuracy curves, the cell graph and its architecture weights. Pause, stop and resume it at any step.&lt;/p&gt;&lt;p&gt;Export the genotype and paper figures, open runs written on a GPU server, retrain a cell and compare it with the published ones.&lt;/p&gt;</source>
        <translation>&lt;h1&gt;GDAS 工作台&lt;/h1&gt;&lt;p&gt;GDAS 搜索神经网络的单元：在每条边上用 Gumbel-softmax 采样一个候选操作，并学习应保留哪些操作。&lt;/p&gt;&lt;p&gt;逐轮观察搜索的学习过程：损失和准确率曲线、单元图及其架构权重。可在任意一步暂停、停止和恢复搜索。&lt;/p&gt;&lt;p&gt;导出基因型和论文图表，打开在 GPU 服务器上写入的运行，重新训练单元并与已发表的单元比较。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&amp;Quick look on Fashion-MNIST</source>
        <translation>Fashion-MNIST 快速体验(&amp;Q)</translation>
    </message>
    <message>
        <source>Runs the quick-look preset (as gdas-workbench --quick-look) and writes its run directory under ~/gdas-runs</source>
        <translation>运行快速体验预设（同 gdas-workbench --quick-look），并将运行目录写入 ~/gdas-runs</translation>
    </message>
    <message>
        <source>&amp;Open a run directory</source>
        <translation>打开运行目录(&amp;O)</translation>
    </message>
    <message>
        <source>Show a finished run, or follow one that another process, e.g. `gdas search` on a GPU server, is still writing.</source>
        <translation>显示已完成的运行，或跟踪另一个进程（例如 GPU 服务器上的 `gdas search`）仍在写入的运行。</translation>
    </message>
    <message>
        <source>&amp;Compare published cells</source>
        <translation>比较已发表的单元(&amp;C)</translation>
    </message>
    <message>
        <source>DARTS V2 and GDAS side by side, with their differences and parameter counts.</source>
        <translation>DARTS V2 与 GDAS 并排显示，附带差异和参数量。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Recent runs&lt;/b&gt;</source>
        <translation>&lt;b&gt;最近的运行&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Press Enter or double-click to open a run</source>
        <translation>按回车键或双击打开运行</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>Start a small live search now: NAS-Bench-201 space, 2,000 images, 15 short epochs; about a minute on two CPU cores.</source>
        <translation>立即开始一次小型实时搜索：NAS-Bench-201 空间，2,000 张图像，15 个短轮次；在两个 CPU 核心上约需一分钟。</translation>
    </message>
</context>
<context>
    <name>gdas::app::WorkbenchActions</name>
    <message>
        <source>&amp;New Search…</source>
        <translation>新建搜索(&amp;N)…</translation>
    </message>
    <message>
        <source>Set up and start a new architecture search (Ctrl+N)</source>
        <translation>设置并启动新的架构搜索（Ctrl+N）</translation>
    </message>
    <message>
        <source>&amp;Open Run Directory…</source>
        <translation>打开运行目录(&amp;O)…</translation>
    </message>
    <message>
        <source>Open a run directory, also one that another process is still writing (Ctrl+O)</source>
        <translation>打开运行目录，也可以是另一个进程仍在写入的目录（Ctrl+O）</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>开始(&amp;S)</translation>
    </message>
    <message>
        <source>Resume the open run from its checkpoint, or set up a new search (F5)</source>
        <translation>从检查点恢复已打开的运行，或设置新的搜索（F5）</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>暂停(&amp;P)</translation>
    </message>
    <message>
        <source>Pause or resume the search at the next step (Space)</source>
        <translation>在下一步暂停或继续搜索（空格键）</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>停止(&amp;T)</translation>
    </message>
    <message>
        <source>Stop at the next step, keeping a checkpoint to resume from (Shift+F5)</source>
        <translation>在下一步停止，并保留可恢复的检查点（Shift+F5）</translation>
    </message>
    <message>
        <source>Genotype as &amp;JSON…</source>
        <translation>基因型导出为 &amp;JSON…</translation>
    </message>
    <message>
        <source>Genotype as &amp;DARTS Literal…</source>
        <translation>基因型导出为 &amp;DARTS 字面量…</translation>
    </message>
    <message>
        <source>Genotype as &amp;NAS-Bench-201 String…</source>
        <translation>基因型导出为 &amp;NAS-Bench-201 字符串…</translation>
    </message>
    <message>
        <source>&amp;Copy Genotype</source>
        <translation>复制基因型(&amp;C)</translation>
    </message>
    <message>
        <source>Copy the genotype as a DARTS literal or NAS-Bench-201 string</source>
        <translation>将基因型复制为 DARTS 字面量或 NAS-Bench-201 字符串</translation>
    </message>
    <message>
        <source>C&amp;ell Figure…</source>
        <translation>单元图(&amp;E)…</translation>
    </message>
    <message>
        <source>Export the shown cells as SVG, PDF or PNG (Ctrl+E)</source>
        <translation>将显示的单元导出为 SVG、PDF 或 PNG（Ctrl+E）</translation>
    </message>
    <message>
        <source>C&amp;urves Figure…</source>
        <translation>曲线图(&amp;U)…</translation>
    </message>
    <message>
        <source>Normal Cell &amp;Heat Map…</source>
        <translation>普通单元热力图(&amp;H)…</translation>
    </message>
    <message>
        <source>&amp;Reduction Cell Heat Map…</source>
        <translation>缩减单元热力图(&amp;R)…</translation>
    </message>
    <message>
        <source>&amp;Metrics as CSV…</source>
        <translation>指标导出为 CSV(&amp;M)…</translation>
    </message>
    <message>
        <source>Co&amp;mpare Genotypes…</source>
        <translation>比较基因型(&amp;M)…</translation>
    </message>
    <message>
        <source>Compare 2–4 genotypes side by side with their parameter counts (Ctrl+M)</source>
        <translation>并排比较 2–4 个基因型及其参数量（Ctrl+M）</translation>
    </message>
    <message>
        <source>&amp;Retrain…</source>
        <translation>重新训练(&amp;R)…</translation>
    </message>
    <message>
        <source>Train a genotype&apos;s evaluation network from scratch (Ctrl+R)</source>
        <translation>从头训练某个基因型的评估网络（Ctrl+R）</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Configure GDAS Workbench…</source>
        <translation>配置 GDAS 工作台(&amp;C)…</translation>
    </message>
    <message>
        <source>Language and colours (applied at the next start)</source>
        <translation>语言和颜色（下次启动时生效）</translation>
    </message>
    <message>
        <source>GDAS Workbench &amp;User Guide</source>
        <translation>GDAS 工作台用户指南(&amp;U)</translation>
    </message>
    <message>
        <source>A short guide to searches, runs, exports and the command line (F1)</source>
        <translation>关于搜索、运行、导出和命令行的简短指南（F1）</translation>
    </message>
    <message>
        <source>&amp;About GDAS Workbench</source>
        <translation>关于 GDAS 工作台(&amp;A)</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>Recent &amp;Runs</source>
        <translation>最近的运行(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>导出(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Search</source>
        <translation>搜索(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>工具(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>Go to &amp;Cells</source>
        <translation>转到单元(&amp;C)</translation>
    </message>
    <message>
        <source>Go to C&amp;urves</source>
        <translation>转到曲线(&amp;U)</translation>
    </message>
    <message>
        <source>Go to &amp;Architecture Weights</source>
        <translation>转到架构权重(&amp;A)</translation>
    </message>
    <message>
        <source>Go to &amp;Genotype</source>
        <translation>转到基因型(&amp;G)</translation>
    </message>
    <message>
        <source>Go to &amp;Log</source>
        <translation>转到日志(&amp;L)</translation>
    </message>
    <message>
        <source>Setti&amp;ngs</source>
        <translation>设置(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Resume Run</source>
        <translation>恢复运行(&amp;R)</translation>
    </message>
    <message>
        <source>Res&amp;ume</source>
        <translation>继续(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Clear List</source>
        <translation>清空列表(&amp;C)</translation>
    </message>
    <message>
        <source>No recent runs</source>
        <translation>没有最近的运行</translation>
    </message>
    <message>
        <source>Open S&amp;tudy…</source>
        <translation>打开研究(&amp;T)…</translation>
    </message>
    <message>
        <source>Open a study folder (gdas study): the seeds&apos; consensus cell, curves and tables</source>
        <translation>打开研究文件夹（gdas study）：各种子的共识单元、曲线和表格</translation>
    </message>
    <message>
        <source>&amp;Benchmark Figure…</source>
        <translation>基准图(&amp;B)…</translation>
    </message>
    <message>
        <source>Cell &amp;Animation…</source>
        <translation>单元动画(&amp;A)…</translation>
    </message>
    <message>
        <source>Export the cells of every epoch as an animated GIF, one frame per epoch</source>
        <translation>将每个轮次的单元导出为 GIF 动画，每个轮次一帧</translation>
    </message>
</context>
<context>
    <name>gdas::widgets::AlphaHeatmap</name>
    <message>
        <source>No architecture weights yet</source>
        <translation>尚无架构权重</translation>
    </message>
    <message>
        <source>%1: no architecture weights yet</source>
        <translation>%1：尚无架构权重</translation>
    </message>
    <message>
        <source>%1
%2: %3 (rank %4 of %5 on this edge)</source>
        <translation>%1
%2：%3（此边上第 %4 名，共 %5 个）</translation>
    </message>
</context>
<context>
    <name>gdas::widgets::BenchmarkPlot</name>
    <message>
        <source>This run has no benchmark scores. A NAS-Bench-201 search started with “gdas search --benchmark DB” records, per epoch, the benchmark&apos;s accuracy of the cell it derived; they are drawn here.</source>
        <translation>此运行没有基准分数。用“gdas search --benchmark DB”启动的 NAS-Bench-201 搜索会逐轮记录所导出单元在基准中的准确率，并在此处绘制。</translation>
    </message>
    <message>
        <source>Epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>test accuracy</source>
        <translation>测试准确率</translation>
    </message>
    <message>
        <source>validation accuracy</source>
        <translation>验证准确率</translation>
    </message>
    <message>
        <source>Benchmark accuracy</source>
        <translation>基准准确率</translation>
    </message>
    <message>
        <source>best in the benchmark: %1 % test</source>
        <translation>基准中的最佳值：测试 %1 %</translation>
    </message>
    <message>
        <source>%1: the cell of epoch %2 reaches %3 % test accuracy in the benchmark.</source>
        <translation>%1：第 %2 轮的单元在基准中的测试准确率为 %3 %。</translation>
    </message>
    <message>
        <source>%1: the cell of epoch %2 is not in the benchmark.</source>
        <translation>%1：第 %2 轮的单元不在基准中。</translation>
    </message>
    <message>
        <source>Cells not in the benchmark (gaps in the curves), by epoch: %1.</source>
        <translation>不在基准中的单元（曲线中的空缺），按轮次：%1。</translation>
    </message>
    <message>
        <source>%1: the run has no benchmark scores to draw</source>
        <translation>%1：该运行没有可绘制的基准分数</translation>
    </message>
    <message>
        <source>Accuracy (%)</source>
        <translation>准确率（%）</translation>
    </message>
</context>
<context>
    <name>gdas::widgets::CellAnimation</name>
    <message>
        <source>Normal cell</source>
        <translation>普通单元</translation>
    </message>
    <message>
        <source>Cell</source>
        <translation>单元</translation>
    </message>
    <message>
        <source>Reduction cell</source>
        <translation>缩减单元</translation>
    </message>
    <message>
        <source>epoch %1 / %2  (τ = %3)</source>
        <translation>轮次 %1 / %2（τ = %3）</translation>
    </message>
    <message>
        <source>%1: the run has no epoch on record yet, so there is nothing to animate</source>
        <translation>%1：该运行尚无已记录的轮次，因此没有可生成动画的内容</translation>
    </message>
    <message>
        <source>%1: cancelled; nothing was written</source>
        <translation>%1：已取消；未写入任何内容</translation>
    </message>
</context>
<context>
    <name>gdas::widgets::CellGraphPanel</name>
    <message>
        <source>Normal cell</source>
        <translation>普通单元</translation>
    </message>
    <message>
        <source>Reduction cell</source>
        <translation>缩减单元</translation>
    </message>
    <message>
        <source>Architecture at the end of each search epoch; drag back to see how it evolved, to the end to follow the run again</source>
        <translation>每个搜索轮次结束时的架构；向左拖动可查看其演化过程，拖到最右端可重新跟随运行</translation>
    </message>
    <message>
        <source>All candidate edges</source>
        <translation>所有候选边</translation>
    </message>
    <message>
        <source>Also draw the edges the genotype did not choose, with their strongest operation and its probability</source>
        <translation>同时绘制基因型未选择的边，并标出其最强操作及概率</translation>
    </message>
    <message>
        <source>Cell</source>
        <translation>单元</translation>
    </message>
    <message>
        <source>epoch %1 / %2  (τ = %3)</source>
        <translation>轮次 %1 / %2（τ = %3）</translation>
    </message>
    <message>
        <source>%1: there is no cell to export</source>
        <translation>%1：没有可导出的单元</translation>
    </message>
</context>
<context>
    <name>gdas::widgets::CellGraphView</name>
    <message>
        <source>no architecture weights for this cell</source>
        <translation>该单元没有架构权重</translation>
    </message>
    <message>
        <source>Cannot lay out the cell: %1</source>
        <translation>无法布局该单元：%1</translation>
    </message>
</context>
<context>
    <name>gdas::widgets::CurvePanel</name>
    <message>
        <source>Per epoch</source>
        <translation>按轮次</translation>
    </message>
    <message>
        <source>One point per epoch (the epoch&apos;s averages) instead of one per logged step</source>
        <translation>每轮一个点（该轮的平均值），而不是每个记录步一个点</translation>
    </message>
    <message>
        <source>Log-scale loss</source>
        <translation>损失取对数刻度</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>top-1 accuracy (%)</source>
        <translation>top-1 准确率（%）</translation>
    </message>
    <message>
        <source>τ</source>
        <translation>τ</translation>
    </message>
    <message>
        <source>learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>Drag to pan, wheel to zoom, double-click to fit all data</source>
        <translation>拖动平移，滚轮缩放，双击显示全部数据</translation>
    </message>
    <message>
        <source>weight step</source>
        <translation>权重步</translation>
    </message>
    <message>
        <source>arch step</source>
        <translation>架构步</translation>
    </message>
    <message>
        <source>train</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>test</source>
        <translation>测试</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>global step</source>
        <translation>全局步数</translation>
    </message>
    <message>
        <source>epoch %1</source>
        <translation>轮次 %1</translation>
    </message>
    <message>
        <source>step %1</source>
        <translation>步 %1</translation>
    </message>
</context>
<context>
    <name>gdas::widgets::FigureWriter</name>
    <message>
        <source>%1: unknown figure format (use .svg, .pdf or .png)</source>
        <translation>%1：未知的图表格式（请使用 .svg、.pdf 或 .png）</translation>
    </message>
    <message>
        <source>%1: figure size %2×%3 is empty</source>
        <translation>%1：图表尺寸 %2×%3 为空</translation>
    </message>
    <message>
        <source>%1: cannot write the SVG file</source>
        <translation>%1：无法写入 SVG 文件</translation>
    </message>
    <message>
        <source>%1: cannot write the PDF file</source>
        <translation>%1：无法写入 PDF 文件</translation>
    </message>
    <message>
        <source>%1: writing the PDF file failed</source>
        <translation>%1：写入 PDF 文件失败</translation>
    </message>
    <message>
        <source>%1: cannot allocate a %2×%3 image</source>
        <translation>%1：无法分配 %2×%3 的图像</translation>
    </message>
    <message>
        <source>%1: cannot write the PNG file</source>
        <translation>%1：无法写入 PNG 文件</translation>
    </message>
    <message>
        <source>%1: the figure was not written</source>
        <translation>%1：图表未写入</translation>
    </message>
</context>
<context>
    <name>gdas::widgets::GenotypeCompareView</name>
    <message>
        <source>parameters unknown</source>
        <translation>参数量未知</translation>
    </message>
    <message>
        <source>%1 M parameters</source>
        <translation>%1 M 参数</translation>
    </message>
    <message>
        <source>%1 node %2: %3 vs %4</source>
        <translation>%1 节点 %2：%3 对比 %4</translation>
    </message>
    <message>
        <source>Pick two to four genotypes to compare.</source>
        <translation>请选择两到四个基因型进行比较。</translation>
    </message>
    <message>
        <source>different search spaces: %1 vs %2</source>
        <translation>搜索空间不同：%1 对比 %2</translation>
    </message>
    <message>
        <source>normal</source>
        <translation>普通</translation>
    </message>
    <message>
        <source>cell</source>
        <translation>单元</translation>
    </message>
    <message>
        <source>normal concat: %1 vs %2</source>
        <translation>普通单元拼接：%1 对比 %2</translation>
    </message>
    <message>
        <source>reduce</source>
        <translation>缩减</translation>
    </message>
    <message>
        <source>reduce concat: %1 vs %2</source>
        <translation>缩减单元拼接：%1 对比 %2</translation>
    </message>
    <message>
        <source>reference</source>
        <translation>参照</translation>
    </message>
    <message>
        <source>same cells as %1</source>
        <translation>与 %1 的单元相同</translation>
    </message>
    <message>
        <source>%1: there are no genotypes to export</source>
        <translation>%1：没有可导出的基因型</translation>
    </message>
    <message>
        <source>Normal cell</source>
        <translation>普通单元</translation>
    </message>
    <message>
        <source>Reduction cell</source>
        <translation>缩减单元</translation>
    </message>
</context>
<context>
    <name>gdas::widgets::GifWriter</name>
    <message>
        <source>%1: cannot write the GIF (%2)</source>
        <translation>%1：无法写入 GIF（%2）</translation>
    </message>
    <message>
        <source>%1: the GIF is already open</source>
        <translation>%1：GIF 已经打开</translation>
    </message>
    <message>
        <source>%1: a GIF cannot be %2×%3 pixels</source>
        <translation>%1：GIF 不能是 %2×%3 像素</translation>
    </message>
    <message>
        <source>%1 is a folder; name a file to write</source>
        <translation>%1 是一个文件夹；请指定要写入的文件</translation>
    </message>
    <message>
        <source>%1 exists; choose another file name or let it be replaced</source>
        <translation>%1 已存在；请选择其他文件名，或允许替换它</translation>
    </message>
    <message>
        <source>%1: cannot write the file (%2)</source>
        <translation>%1：无法写入文件（%2）</translation>
    </message>
    <message>
        <source>%1: the GIF is not open</source>
        <translation>%1：GIF 未打开</translation>
    </message>
    <message>
        <source>%1: frame %2 is %3×%4 pixels, the GIF %5×%6</source>
        <translation>%1：第 %2 帧为 %3×%4 像素，而 GIF 为 %5×%6</translation>
    </message>
    <message>
        <source>%1: cannot reduce frame %2 to 256 colours</source>
        <translation>%1：无法将第 %2 帧减少到 256 种颜色</translation>
    </message>
    <message>
        <source>%1: an animation needs at least one frame</source>
        <translation>%1：动画至少需要一帧</translation>
    </message>
</context>
<context>
    <name>gdas::widgets::GraphvizLayout</name>
    <message>
        <source>Graphviz: cannot create a context (plugins missing?)</source>
        <translation>Graphviz：无法创建上下文（缺少插件？）</translation>
    </message>
    <message>
        <source>Graphviz: cannot create a graph</source>
        <translation>Graphviz：无法创建图</translation>
    </message>
    <message>
        <source>Graphviz: edge %1 → %2 names an unknown node</source>
        <translation>Graphviz：边 %1 → %2 指向未知节点</translation>
    </message>
    <message>
        <source>Graphviz: dot layout failed%1</source>
        <translation>Graphviz：dot 布局失败%1</translation>
    </message>
</context>
<context>
    <name>gdas::widgets::SearchHealthPlot</name>
    <message>
        <source>Epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>Ops in the normal cell</source>
        <translation>普通单元中的操作数</translation>
    </message>
    <message>
        <source>Entropy, margin of α</source>
        <translation>α 的熵与差值</translation>
    </message>
    <message>
        <source>skip connections</source>
        <translation>跳跃连接</translation>
    </message>
    <message>
        <source>parameter-free ops</source>
        <translation>无参数操作</translation>
    </message>
    <message>
        <source>α entropy</source>
        <translation>α 熵</translation>
    </message>
    <message>
        <source>α margin</source>
        <translation>α 差值</translation>
    </message>
    <message>
        <source>Search health</source>
        <translation>搜索健康度</translation>
    </message>
    <message>
        <source>Collapse warning: from epoch %1 on the normal cell holds %2 skip connections (limit %3, the criterion of P-DARTS and DARTS+).</source>
        <translation>坍缩警告：从第 %1 轮起，普通单元包含 %2 个跳跃连接（上限 %3，P-DARTS 与 DARTS+ 的判据）。</translation>
    </message>
</context>
<context>
    <name>gdas::widgets::StudyCurvePlot</name>
    <message>
        <source>Epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>Curves of the study&apos;s seeds</source>
        <translation>研究中各种子的曲线</translation>
    </message>
    <message>
        <source>mean ± 1 standard deviation</source>
        <translation>均值 ± 1 个标准差</translation>
    </message>
    <message>
        <source>range of the seeds (min–max)</source>
        <translation>种子范围（最小–最大）</translation>
    </message>
    <message>
        <source>each of the %1 seeds</source>
        <translation>%1 个种子中的每一个</translation>
    </message>
    <message>
        <source>mean of the seeds</source>
        <translation>各种子的均值</translation>
    </message>
    <message>
        <source>%1: there are no curves to draw yet</source>
        <translation>%1：尚无可绘制的曲线</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Run GDAS architecture searches, watch the cell evolve, export genotypes and figures.</source>
        <translation>运行 GDAS 架构搜索，观察单元的演化，导出基因型和图表。</translation>
    </message>
    <message>
        <source>Data set for --quick-look: fashion-mnist (default) or synthetic.</source>
        <translation>--quick-look 使用的数据集：fashion-mnist（默认）或 synthetic。</translation>
    </message>
    <message>
        <source>Build the main window and quit (smoke test).</source>
        <translation>构建主窗口后退出（冒烟测试）。</translation>
    </message>
    <message>
        <source>Show the New Search dialog at start.</source>
        <translation>启动时显示“新建搜索”对话框。</translation>
    </message>
    <message>
        <source>Compare genotypes: a published NAME, a run DIR, a FILE or the text (repeat for 2-4 entries).</source>
        <translation>比较基因型：已发表的 NAME、运行目录 DIR、文件 FILE 或文本（重复 2–4 次）。</translation>
    </message>
    <message>
        <source>Colour palette: system, light or dark (default: the one chosen in the settings).</source>
        <translation>调色板：system、light 或 dark（默认：设置中选择的）。</translation>
    </message>
    <message>
        <source>Open (and follow) the run directory or study folder DIR.</source>
        <translation>打开（并跟踪）运行目录或研究文件夹 DIR。</translation>
    </message>
    <message>
        <source>With --quick-look: its run directory (default: ~/gdas-runs/&lt;generated name&gt;). With --export-animation: the GIF file to write.</source>
        <translation>配合 --quick-look：其运行目录（默认：~/gdas-runs/&lt;生成的名称&gt;）。配合 --export-animation：要写入的 GIF 文件。</translation>
    </message>
    <message>
        <source>Write the cells of every epoch of the run directory DIR as an animated GIF to --output FILE.gif, without a window, and quit.</source>
        <translation>将运行目录 DIR 中每个轮次的单元写成 GIF 动画，输出到 --output FILE.gif，不显示窗口，然后退出。</translation>
    </message>
    <message>
        <source>Let --export-animation replace an existing file.</source>
        <translation>允许 --export-animation 替换已有文件。</translation>
    </message>
    <message>
        <source>--export-animation needs --output FILE.gif</source>
        <translation>--export-animation 需要 --output FILE.gif</translation>
    </message>
    <message>
        <source>wrote %1 (1 frame)</source>
        <translation>已写入 %1（1 帧）</translation>
    </message>
    <message>
        <source>wrote %1 (%2 frames)</source>
        <translation>已写入 %1（%2 帧）</translation>
    </message>
    <message>
        <source>Device for --quick-look: cpu (default), cuda, cuda:N or auto.</source>
        <translation>--quick-look 使用的设备：cpu（默认）、cuda、cuda:N 或 auto。</translation>
    </message>
    <message>
        <source>Save the window as a PNG to FILE once the run started with --quick-look or opened with --open has ended (or reached --screenshot-epoch), stop the search (its checkpoint stays) and quit.</source>
        <translation>当用 --quick-look 启动或用 --open 打开的运行结束（或到达 --screenshot-epoch）时，将窗口保存为 PNG 文件 FILE，停止搜索（保留其检查点）并退出。</translation>
    </message>
    <message>
        <source>With --screenshot: take it once N epochs are done, while the search runs.</source>
        <translation>与 --screenshot 一起使用：在搜索运行期间完成 N 个轮次后截图。</translation>
    </message>
    <message>
        <source>--device &apos;%1&apos; is not one of cpu, cuda, cuda:N or auto</source>
        <translation>--device &apos;%1&apos; 不是 cpu、cuda、cuda:N 或 auto 之一</translation>
    </message>
    <message>
        <source>--screenshot-epoch needs a whole number of 0 or more</source>
        <translation>--screenshot-epoch 需要一个大于或等于 0 的整数</translation>
    </message>
    <message>
        <source>Start the quick search preset at once (NAS-Bench-201 on Fashion-MNIST; on the CPU unless --device names another).</source>
        <translation>立即启动快速搜索预设（在 Fashion-MNIST 上搜索 NAS-Bench-201；除非 --device 指定其他设备，否则在 CPU 上运行）。</translation>
    </message>
</context>
</TS>
