<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
  <context>
    <name />
    <message>
      <location filename="../../shortvid_desktop/qt/undo.py" line="136" />
      <location filename="../../shortvid_desktop/qt/undo.py" line="139" />
      <location filename="../../shortvid_desktop/qt/undo.py" line="142" />
      <source>Commands</source>
      <translation>命令</translation>
    </message>
  </context>
  <context>
    <name>Actions</name>
    <message>
      <location filename="../../shortvid_desktop/qt/actions.py" line="48" />
      <source>&amp;New</source>
      <translation>新建(&amp;N)</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/actions.py" line="55" />
      <source>&amp;Open…</source>
      <translation>打开(&amp;O)…</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/actions.py" line="61" />
      <source>Start &amp;page</source>
      <translation>开始页(&amp;P)</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/actions.py" line="64" />
      <source>Reopen &amp;last project</source>
      <translation>重新打开上一个项目(&amp;L)</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/actions.py" line="68" />
      <source>&amp;Save</source>
      <translation>保存(&amp;S)</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/actions.py" line="74" />
      <source>Save &amp;As…</source>
      <translation>另存为(&amp;A)…</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/actions.py" line="78" />
      <source>&amp;Import media…</source>
      <translation>导入素材(&amp;I)…</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/actions.py" line="85" />
      <source>&amp;Export video</source>
      <translation>导出视频(&amp;E)</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/actions.py" line="91" />
      <source>Export video &amp;as…</source>
      <translation>导出视频为(&amp;A)…</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/actions.py" line="95" />
      <source>Export &amp;queue and history…</source>
      <translation>导出队列与历史(&amp;Q)…</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/actions.py" line="101" />
      <source>Export subtitles (SRT)…</source>
      <translation>导出字幕（SRT）…</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/actions.py" line="106" />
      <source>Export subtitles (ASS)…</source>
      <translation>导出字幕（ASS）…</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/actions.py" line="110" />
      <source>Export timeline (OTIO)…</source>
      <translation>导出时间线（OTIO）…</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/actions.py" line="113" />
      <source>&amp;Batch…</source>
      <translation>批量制作(&amp;B)…</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/actions.py" line="117" />
      <source>&amp;Quit</source>
      <translation>退出(&amp;Q)</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/actions.py" line="123" />
      <source>&amp;Undo</source>
      <translation>撤销(&amp;U)</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/actions.py" line="128" />
      <source>&amp;Redo</source>
      <translation>重做(&amp;R)</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/actions.py" line="133" />
      <source>&amp;Templates…</source>
      <translation>模板(&amp;T)…</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/actions.py" line="137" />
      <source>&amp;Settings…</source>
      <translation>设置(&amp;S)…</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/actions.py" line="146" />
      <source>&amp;Play / Pause</source>
      <translation>播放/暂停(&amp;P)</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/actions.py" line="154" />
      <source>&amp;Split at playhead</source>
      <translation>在播放头处分割(&amp;S)</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/actions.py" line="161" />
      <source>&amp;Delete</source>
      <translation>删除(&amp;D)</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/actions.py" line="168" />
      <source>&amp;Ripple delete</source>
      <translation>波纹删除(&amp;R)</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/actions.py" line="175" />
      <source>D&amp;uplicate</source>
      <translation>复制(&amp;U)</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/actions.py" line="181" />
      <source>Add &amp;text</source>
      <translation>添加文字(&amp;T)</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/actions.py" line="185" />
      <source>S&amp;napping</source>
      <translation>吸附(&amp;N)</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/actions.py" line="194" />
      <source>Zoom &amp;in</source>
      <translation>放大(&amp;I)</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/actions.py" line="201" />
      <source>Zoom &amp;out</source>
      <translation>缩小(&amp;O)</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/actions.py" line="208" />
      <source>&amp;Fit to window</source>
      <translation>适合窗口(&amp;F)</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/actions.py" line="215" />
      <source>Go to start</source>
      <translation>跳到开头</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/actions.py" line="222" />
      <source>Go to end</source>
      <translation>跳到结尾</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/actions.py" line="228" />
      <source>&amp;Diagnostics…</source>
      <translation>诊断(&amp;D)…</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/actions.py" line="231" />
      <source>&amp;About ShortVid</source>
      <translation>关于 ShortVid(&amp;A)</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/actions.py" line="235" />
      <source>Project &amp;credits…</source>
      <translation>项目署名(&amp;C)…</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/actions.py" line="240" />
      <source>&amp;Reset layout</source>
      <translation>重置布局(&amp;R)</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/actions.py" line="245" />
      <source>&amp;File</source>
      <translation>文件(&amp;F)</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/actions.py" line="248" />
      <source>Open &amp;recent</source>
      <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/actions.py" line="269" />
      <source>&amp;Edit</source>
      <translation>编辑(&amp;E)</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/actions.py" line="275" />
      <source>&amp;Timeline</source>
      <translation>时间线(&amp;T)</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/actions.py" line="297" />
      <source>&amp;View</source>
      <translation>视图(&amp;V)</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/actions.py" line="300" />
      <source>Safe-area &amp;guides</source>
      <translation>安全区参考线(&amp;G)</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/actions.py" line="311" />
      <source>&amp;Help</source>
      <translation>帮助(&amp;H)</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/actions.py" line="317" />
      <source>Main</source>
      <translation>主工具栏</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/actions.py" line="377" />
      <source>Play &amp;backward</source>
      <translation>向后播放(&amp;B)</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/actions.py" line="380" />
      <source>&amp;Stop</source>
      <translation>停止(&amp;S)</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/actions.py" line="383" />
      <source>Play &amp;forward</source>
      <translation>向前播放(&amp;F)</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/actions.py" line="386" />
      <source>Previous frame</source>
      <translation>上一帧</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/actions.py" line="389" />
      <source>Next frame</source>
      <translation>下一帧</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/actions.py" line="394" />
      <source>Set &amp;In point</source>
      <translation>设置入点(&amp;I)</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/actions.py" line="397" />
      <source>Set &amp;Out point</source>
      <translation>设置出点(&amp;O)</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/actions.py" line="401" />
      <source>&amp;Loop In to Out</source>
      <translation>在入点和出点之间循环(&amp;L)</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/actions.py" line="427" />
      <source>(none)</source>
      <translation>（无）</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/actions.py" line="431" />
      <source>Untitled</source>
      <translation>未命名</translation>
    </message>
  </context>
  <context>
    <name>Autosaver</name>
    <message>
      <location filename="../../shortvid_desktop/qt/projects.py" line="96" />
      <source>Autosave</source>
      <translation>自动保存</translation>
    </message>
  </context>
  <context>
    <name>BatchWindow</name>
    <message>
      <location filename="../../shortvid_desktop/qt/batch_window.py" line="174" />
      <source>Batch — ShortVid Desktop</source>
      <translation>批量制作 — ShortVid Desktop</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/batch_window.py" line="192" />
      <source>Open manifest…</source>
      <translation>打开清单…</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/batch_window.py" line="194" />
      <source>A CSV or JSONL file: one row per video, with a header naming the columns</source>
      <translation>CSV 或 JSONL 文件：每个视频一行，首行为列名</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/batch_window.py" line="199" />
      <source>Type topics here, one per line</source>
      <translation>在此输入主题，每行一个</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/batch_window.py" line="201" />
      <source>Add as rows</source>
      <translation>添加为行</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/batch_window.py" line="203" />
      <source>Remove rows</source>
      <translation>删除行</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/batch_window.py" line="208" />
      <location filename="../../shortvid_desktop/qt/batch_window.py" line="211" />
      <source>Each row's own</source>
      <translation>各行自定</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/batch_window.py" line="215" />
      <source>Where the videos go</source>
      <translation>视频保存位置</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/batch_window.py" line="216" />
      <source>Choose…</source>
      <translation>选择…</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/batch_window.py" line="224" />
      <source>Topic or text</source>
      <translation>主题或文本</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/batch_window.py" line="225" />
      <source>Media</source>
      <translation>素材</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/batch_window.py" line="226" />
      <source>Music</source>
      <translation>音乐</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/batch_window.py" line="227" />
      <source>Template</source>
      <translation>模板</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/batch_window.py" line="228" />
      <source>Voice</source>
      <translation>配音</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/batch_window.py" line="229" />
      <source>Language</source>
      <translation>语言</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/batch_window.py" line="230" />
      <source>Seconds</source>
      <translation>秒数</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/batch_window.py" line="231" />
      <source>Aspect</source>
      <translation>画面比例</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/batch_window.py" line="232" />
      <source>Variants</source>
      <translation>变体</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/batch_window.py" line="233" />
      <source>Name</source>
      <translation>名称</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/batch_window.py" line="234" />
      <source>Status</source>
      <translation>状态</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/batch_window.py" line="235" />
      <source>Progress</source>
      <translation>进度</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/batch_window.py" line="236" />
      <source>Message</source>
      <translation>消息</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/batch_window.py" line="261" />
      <source>Start</source>
      <translation>开始</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/batch_window.py" line="264" />
      <source>Cancel row</source>
      <translation>取消此行</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/batch_window.py" line="266" />
      <source>Cancel all</source>
      <translation>全部取消</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/batch_window.py" line="268" />
      <source>Resume</source>
      <translation>继续</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/batch_window.py" line="270" />
      <source>Retry failed</source>
      <translation>重试失败项</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/batch_window.py" line="272" />
      <source>Open output folder</source>
      <translation>打开输出文件夹</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/batch_window.py" line="288" />
      <source>Template for all:</source>
      <translation>统一模板：</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/batch_window.py" line="290" />
      <source>Voice for all:</source>
      <translation>统一配音：</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/batch_window.py" line="292" />
      <source>Output folder:</source>
      <translation>输出文件夹：</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/batch_window.py" line="330" />
      <source>Reading templates and voices</source>
      <translation>正在读取模板和配音</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/batch_window.py" line="395" />
      <source>A topic: the script is written for it</source>
      <translation>主题：据此撰写脚本</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/batch_window.py" line="396" />
      <source>A text: it is spoken as written</source>
      <translation>文本：按原文朗读</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/batch_window.py" line="397" />
      <source>A script file</source>
      <translation>脚本文件</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/batch_window.py" line="409" />
      <source>Type one topic per line first.</source>
      <translation>请先输入主题，每行一个。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/batch_window.py" line="442" />
      <source>Open a batch manifest</source>
      <translation>打开批量清单</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/batch_window.py" line="443" />
      <source>Manifests {0}</source>
      <translation>清单 {0}</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/batch_window.py" line="467" />
      <source>Opened {0}: {1} row(s)</source>
      <translation>已打开 {0}：{1} 行</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/batch_window.py" line="470" />
      <source>Reading the manifest</source>
      <translation>正在读取清单</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/batch_window.py" line="473" />
      <source>Cannot open it: {0}</source>
      <translation>无法打开：{0}</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/batch_window.py" line="500" />
      <source>Checking the rows</source>
      <translation>正在检查各行</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/batch_window.py" line="541" />
      <source>Choose the output folder</source>
      <translation>选择输出文件夹</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/batch_window.py" line="555" />
      <source>The output folder does not exist yet.</source>
      <translation>输出文件夹尚不存在。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/batch_window.py" line="587" />
      <source>Choose an output folder first.</source>
      <translation>请先选择输出文件夹。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/batch_window.py" line="590" />
      <source>Add rows first: type topics or open a manifest.</source>
      <translation>请先添加行：输入主题或打开清单。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/batch_window.py" line="595" />
      <source>Making the batch</source>
      <translation>正在批量制作</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/batch_window.py" line="603" />
      <source>Resuming the batch</source>
      <translation>正在继续批量制作</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/batch_window.py" line="610" />
      <source>Retrying the failed videos</source>
      <translation>正在重试失败的视频</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/batch_window.py" line="625" />
      <source>Remembering the batch folder</source>
      <translation>正在记住批量文件夹</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/batch_window.py" line="638" />
      <source>Cancelling…</source>
      <translation>正在取消…</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/batch_window.py" line="647" />
      <source>Cancelling a row</source>
      <translation>正在取消一行</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/batch_window.py" line="670" />
      <source>Batch finished: {0} made, {1} not made. Summary in {2}</source>
      <translation>批量完成：{0} 个已制作，{1} 个未制作。摘要见 {2}</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/batch_window.py" line="676" />
      <source>The batch stopped: {0}</source>
      <translation>批量制作已停止：{0}</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/batch_window.py" line="687" />
      <source>Cancelled: the videos made so far are kept; Resume goes on with the rest.</source>
      <translation>已取消：已制作的视频会保留；“继续”会完成其余部分。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/batch_window.py" line="823" />
      <source>The batch in {0} stopped before it finished: {1} of {2} video(s) made.</source>
      <translation>{0} 中的批量制作未完成就停止了：已制作 {1}/{2} 个视频。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/batch_window.py" line="828" />
      <source>Resume batch</source>
      <translation>继续批量制作</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/batch_window.py" line="832" />
      <source>Looking for an unfinished batch</source>
      <translation>正在查找未完成的批量制作</translation>
    </message>
  </context>
  <context>
    <name>BuildController</name>
    <message>
      <location filename="../../shortvid_desktop/qt/build.py" line="63" />
      <source>Wait for “{0}” to finish first.</source>
      <translation>请等待“{0}”完成。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/build.py" line="71" />
      <source>Cancelled</source>
      <translation>已取消</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/build.py" line="115" />
      <source>The script is empty: type or paste some text first.</source>
      <translation>脚本是空的：请先输入或粘贴一些文字。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/build.py" line="129" />
      <source>Making scenes</source>
      <translation>正在拆分场景</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/build.py" line="134" />
      <source>Type a topic first.</source>
      <translation>请先输入主题。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/build.py" line="162" />
      <source>Writing the script</source>
      <translation>正在写脚本</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/build.py" line="168" />
      <source>Select a scene first.</source>
      <translation>请先选择一个场景。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/build.py" line="202" />
      <source>Revising scene {0}</source>
      <translation>正在修改场景 {0}</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/build.py" line="218" />
      <source>Not voiced: the script is far longer than a short video. Shorten it, or choose Voice it all.</source>
      <translation>未配音：脚本远超短视频的长度。请缩短脚本，或选择“全部配音”。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/build.py" line="250" />
      <source>A long script</source>
      <translation>脚本很长</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/build.py" line="252" />
      <source>The script is {0} scenes, about {1} minutes of speech: far more than a short video (at most {2} scenes and {3} minutes without asking). Voicing it all takes a while; you can cancel it from the progress bar.</source>
      <translation>脚本共 {0} 个分镜，约 {1} 分钟的语音，远超短视频的长度（不经确认最多 {2} 个分镜、{3} 分钟）。全部配音需要一段时间，可在进度条处取消。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/build.py" line="259" />
      <source>Voice it all</source>
      <translation>全部配音</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/build.py" line="270" />
      <source>No media imported: using the bundled sample pictures.</source>
      <translation>没有导入素材：使用自带的示例图片。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/build.py" line="210" />
      <source>The script has no scenes.</source>
      <translation>脚本中没有场景。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/build.py" line="304" />
      <location filename="../../shortvid_desktop/qt/build.py" line="353" />
      <source>Voicing</source>
      <translation>正在配音</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/build.py" line="313" />
      <source>No music: import a sound file (or drop one on the timeline) to lay it under the voice.</source>
      <translation>没有背景音乐：导入一个音频文件（或把它拖到时间线上），即可铺在配音下面。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/build.py" line="320" />
      <source>Music: {0}, the first of {1} sound files in the library (right-click another and choose Use as music to change it).</source>
      <translation>音乐：{0}，素材库 {1} 个音频文件中的第一个（要更换，请右键另一个并选择“用作音乐”）。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/build.py" line="325" />
      <source>Music: {0} from the library.</source>
      <translation>音乐：素材库中的 {0}。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/build.py" line="342" />
      <source>{0} scene(s) no longer fit their place: the timeline was laid out again.</source>
      <translation>{0} 个场景放不下了，已重新排布时间线。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/build.py" line="348" />
      <source>Re-voiced {0} scene(s).</source>
      <translation>已为 {0} 个场景重新配音。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/build.py" line="350" />
      <source>No scene changed: nothing to re-voice.</source>
      <translation>没有场景改动，无需重新配音。</translation>
    </message>
  </context>
  <context>
    <name>Commands</name>
    <message>
      <location filename="../../shortvid_desktop/qt/undo.py" line="38" />
      <source>Add clip</source>
      <translation>添加片段</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/undo.py" line="39" />
      <source>Delete clip</source>
      <translation>删除片段</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/undo.py" line="40" />
      <source>Ripple delete clip</source>
      <translation>波纹删除片段</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/undo.py" line="41" />
      <source>Ripple delete clips</source>
      <translation>波纹删除多个片段</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/undo.py" line="42" />
      <source>Move clip</source>
      <translation>移动片段</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/undo.py" line="43" />
      <source>Move clips</source>
      <translation>移动多个片段</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/undo.py" line="44" />
      <source>Trim clip</source>
      <translation>修剪片段</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/undo.py" line="45" />
      <source>Split clip</source>
      <translation>分割片段</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/undo.py" line="46" />
      <source>Split clips</source>
      <translation>分割多个片段</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/undo.py" line="47" />
      <source>Duplicate clip</source>
      <translation>复制片段</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/undo.py" line="48" />
      <source>Duplicate clips</source>
      <translation>复制多个片段</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/undo.py" line="49" />
      <source>Delete clips</source>
      <translation>删除多个片段</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/undo.py" line="50" />
      <source>Change fit</source>
      <translation>修改填充方式</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/undo.py" line="51" />
      <source>Move focus</source>
      <translation>移动焦点</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/undo.py" line="52" />
      <source>Change Ken Burns</source>
      <translation>修改推拉摇移</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/undo.py" line="53" />
      <source>Change transition</source>
      <translation>修改转场</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/undo.py" line="54" />
      <source>Add transition</source>
      <translation>添加转场</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/undo.py" line="55" />
      <source>Remove transition</source>
      <translation>移除转场</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/undo.py" line="56" />
      <source>Insert clip</source>
      <translation>插入片段</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/undo.py" line="57" />
      <source>Edit main track</source>
      <translation>编辑主轨道</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/undo.py" line="58" />
      <source>Change volume</source>
      <translation>修改音量</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/undo.py" line="59" />
      <source>Edit text</source>
      <translation>编辑文字</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/undo.py" line="60" />
      <source>Change scene</source>
      <translation>修改所属场景</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/undo.py" line="61" />
      <source>Edit word timings</source>
      <translation>编辑逐字时间</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/undo.py" line="62" />
      <source>Replace media</source>
      <translation>替换素材</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/undo.py" line="63" />
      <source>Change clip</source>
      <translation>修改片段</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/undo.py" line="64" />
      <source>Change clips</source>
      <translation>修改多个片段</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/undo.py" line="65" />
      <source>Edit narration</source>
      <translation>编辑旁白</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/undo.py" line="66" />
      <source>Edit on-screen text</source>
      <translation>编辑屏幕文字</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/undo.py" line="67" />
      <source>Edit scene</source>
      <translation>编辑场景</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/undo.py" line="68" />
      <source>Change caption style</source>
      <translation>修改字幕样式</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/undo.py" line="69" />
      <source>Reset caption style</source>
      <translation>重置字幕样式</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/undo.py" line="70" />
      <source>Add scene</source>
      <translation>添加场景</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/undo.py" line="71" />
      <source>Delete scene</source>
      <translation>删除场景</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/undo.py" line="72" />
      <source>Move scene</source>
      <translation>移动场景</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/undo.py" line="73" />
      <source>Assign media to scene</source>
      <translation>为场景指定素材</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/undo.py" line="74" />
      <source>Rewrite scene</source>
      <translation>改写场景</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/undo.py" line="75" />
      <source>Set script</source>
      <translation>设置脚本</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/undo.py" line="76" />
      <source>Generate script</source>
      <translation>生成脚本</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/undo.py" line="77" />
      <source>Apply template</source>
      <translation>应用模板</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/undo.py" line="78" />
      <source>Rename project</source>
      <translation>重命名项目</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/undo.py" line="79" />
      <source>Change language</source>
      <translation>修改语言</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/undo.py" line="80" />
      <source>Change voice</source>
      <translation>更换配音</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/undo.py" line="81" />
      <source>Change music</source>
      <translation>更换音乐</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/undo.py" line="82" />
      <source>Change project settings</source>
      <translation>修改项目设置</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/undo.py" line="83" />
      <source>Set music</source>
      <translation>设置音乐</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/undo.py" line="84" />
      <source>Add asset</source>
      <translation>添加素材</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/undo.py" line="85" />
      <source>Remove asset</source>
      <translation>移除素材</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/undo.py" line="86" />
      <source>Relink media</source>
      <translation>重新链接素材</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/undo.py" line="87" />
      <source>Add track</source>
      <translation>添加轨道</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/undo.py" line="88" />
      <source>Lay out timeline</source>
      <translation>排布时间线</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/undo.py" line="89" />
      <source>Re-voice scenes</source>
      <translation>重新配音</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/undo.py" line="90" />
      <source>Add media to timeline</source>
      <translation>把素材放到时间线</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/undo.py" line="91" />
      <source>Add text</source>
      <translation>添加文字</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/undo.py" line="92" />
      <source>Tiny canvas</source>
      <translation>小画布</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/undo.py" line="94" />
      <source>Change fades</source>
      <translation>更改淡入淡出</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/undo.py" line="95" />
      <source>Change fade-in</source>
      <translation>更改淡入</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/undo.py" line="96" />
      <source>Change fade-out</source>
      <translation>更改淡出</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/undo.py" line="97" />
      <source>Change volume line</source>
      <translation>更改音量线</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/undo.py" line="98" />
      <source>Add volume point</source>
      <translation>添加音量点</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/undo.py" line="99" />
      <source>Move volume point</source>
      <translation>移动音量点</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/undo.py" line="100" />
      <source>Remove volume point</source>
      <translation>删除音量点</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/undo.py" line="101" />
      <source>Clear volume points</source>
      <translation>清除音量点</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/undo.py" line="102" />
      <source>Change music length</source>
      <translation>更改音乐长度</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/undo.py" line="103" />
      <source>Loop music to the video</source>
      <translation>循环音乐以匹配视频</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/undo.py" line="104" />
      <source>Trim music to the video</source>
      <translation>裁剪音乐以匹配视频</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/undo.py" line="105" />
      <source>Snap cuts to beats</source>
      <translation>剪辑点对齐节拍</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/undo.py" line="106" />
      <source>Change speed</source>
      <translation>更改速度</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/undo.py" line="107" />
      <source>Reverse clip</source>
      <translation>倒放片段</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/undo.py" line="108" />
      <source>Play clip forwards</source>
      <translation>恢复正向播放</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/undo.py" line="109" />
      <source>Freeze frame</source>
      <translation>定格画面</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/undo.py" line="110" />
      <source>Change colour</source>
      <translation>更改颜色</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/undo.py" line="111" />
      <source>Change video colour</source>
      <translation>更改整个视频的颜色</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/undo.py" line="112" />
      <source>Move on canvas</source>
      <translation>在画面上移动</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/undo.py" line="113" />
      <source>Scale on canvas</source>
      <translation>在画面上缩放</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/undo.py" line="114" />
      <source>Rotate on canvas</source>
      <translation>在画面上旋转</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/undo.py" line="115" />
      <source>Change placement</source>
      <translation>更改位置</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/undo.py" line="116" />
      <source>Add keyframe</source>
      <translation>添加关键帧</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/undo.py" line="117" />
      <source>Remove keyframe</source>
      <translation>删除关键帧</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/undo.py" line="118" />
      <source>Move watermark</source>
      <translation>移动水印</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/undo.py" line="119" />
      <source>Edit caption</source>
      <translation>编辑字幕</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/undo.py" line="120" />
      <source>Change keyframe easing</source>
      <translation>更改关键帧缓动</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/undo.py" line="121" />
      <source>Add sticker</source>
      <translation>添加贴纸</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/undo.py" line="122" />
      <source>Change text style</source>
      <translation>更改文字样式</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/undo.py" line="123" />
      <source>Change animation in</source>
      <translation>更改入场动画</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/undo.py" line="124" />
      <source>Change animation out</source>
      <translation>更改出场动画</translation>
    </message>
    <message numerus="yes">
      <location filename="../../shortvid_desktop/qt/undo.py" line="127" />
      <source>Import %n file(s)</source>
      <translation>
        <numerusform>导入 %n 个文件</numerusform>
      </translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/undo.py" line="128" />
      <source>Change %1</source>
      <translation>修改 %1</translation>
    </message>
  </context>
  <context>
    <name>CrashDialog</name>
    <message>
      <location filename="../../shortvid_desktop/qt/crash_dialog.py" line="32" />
      <source>Unexpected problem</source>
      <translation>意外问题</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/crash_dialog.py" line="45" />
      <source>Copy details</source>
      <translation>复制详情</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/crash_dialog.py" line="55" />
      <source>Copied</source>
      <translation>已复制</translation>
    </message>
  </context>
  <context>
    <name>CrashHandler</name>
    <message>
      <location filename="../../shortvid_desktop/qt/crash_dialog.py" line="100" />
      <source>ShortVid hit an unexpected problem ({0}) and stopped what it was doing. Your project is saved automatically; you can go on working.</source>
      <translation>ShortVid 遇到意外问题（{0}），已停止当前操作。项目会自动保存，你可以继续编辑。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/crash_dialog.py" line="105" />
      <source> The details are in {0}.</source>
      <translation>详细信息见 {0}。</translation>
    </message>
  </context>
  <context>
    <name>CreditsDialog</name>
    <message>
      <location filename="../../shortvid_desktop/qt/credits_dialog.py" line="45" />
      <source>Project credits</source>
      <translation>项目署名</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/credits_dialog.py" line="51" />
      <source>Stock and AI media in this project, and what their licences ask for. Exports write the same text beside the video (name.credits.txt).</source>
      <translation>本项目中的图库与 AI 素材，以及其许可要求的署名。导出时会在视频旁写入相同的文本（名称.credits.txt）。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/credits_dialog.py" line="61" />
      <source>File</source>
      <translation>文件</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/credits_dialog.py" line="62" />
      <source>Provider</source>
      <translation>提供方</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/credits_dialog.py" line="63" />
      <source>Author</source>
      <translation>作者</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/credits_dialog.py" line="64" />
      <source>Licence</source>
      <translation>许可</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/credits_dialog.py" line="65" />
      <source>Source page</source>
      <translation>来源页面</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/credits_dialog.py" line="66" />
      <source>AI-generated</source>
      <translation>AI 生成</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/credits_dialog.py" line="76" />
      <source>This project uses no stock or AI media: nothing to credit. Find visuals… in the Scenes panel adds some.</source>
      <translation>本项目未使用图库或 AI 素材，无需署名。可在“场景”面板中用“查找画面…”添加。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/credits_dialog.py" line="85" />
      <source>Copy</source>
      <translation>复制</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/credits_dialog.py" line="87" />
      <source>Copy the credits as text (as in .credits.txt)</source>
      <translation>以文本复制署名（与 .credits.txt 相同）</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/credits_dialog.py" line="115" />
      <source>Yes: AI-generated</source>
      <translation>是：AI 生成</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/credits_dialog.py" line="120" />
      <source>Open the source page in the browser</source>
      <translation>在浏览器中打开来源页面</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/credits_dialog.py" line="135" />
      <source>Nothing to copy: no stock or AI media.</source>
      <translation>没有可复制的内容：无图库或 AI 素材。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/credits_dialog.py" line="138" />
      <source>Copied: the credits are on the clipboard.</source>
      <translation>已复制：署名已在剪贴板中。</translation>
    </message>
  </context>
  <context>
    <name>DiagnosticsDialog</name>
    <message>
      <location filename="../../shortvid_desktop/qt/diagnostics.py" line="23" />
      <location filename="../../shortvid_desktop/qt/diagnostics.py" line="62" />
      <source>Diagnostics</source>
      <translation>诊断</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/diagnostics.py" line="26" />
      <location filename="../../shortvid_desktop/qt/diagnostics.py" line="53" />
      <source>Checking this computer…</source>
      <translation>正在检查这台电脑…</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/diagnostics.py" line="30" />
      <source>Copy report</source>
      <translation>复制报告</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/diagnostics.py" line="33" />
      <source>Check again</source>
      <translation>重新检查</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/diagnostics.py" line="35" />
      <source>Close</source>
      <translation>关闭</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/diagnostics.py" line="70" />
      <source>Everything ShortVid needs works.</source>
      <translation>ShortVid 需要的一切都正常。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/diagnostics.py" line="72" />
      <source>Something ShortVid needs is missing or broken: see below.</source>
      <translation>ShortVid 需要的某些组件缺失或损坏，详见下文。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/diagnostics.py" line="79" />
      <source>The checks failed: {0}</source>
      <translation>检查失败：{0}</translation>
    </message>
  </context>
  <context>
    <name>EffectsBox</name>
    <message>
      <location filename="../../shortvid_desktop/qt/effects_inspector.py" line="73" />
      <location filename="../../shortvid_desktop/qt/effects_inspector.py" line="98" />
      <source>Speed</source>
      <translation>速度</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/effects_inspector.py" line="80" />
      <source>x</source>
      <translation>x</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/effects_inspector.py" line="88" />
      <source>0.5x</source>
      <translation>0.5x</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/effects_inspector.py" line="88" />
      <source>1x</source>
      <translation>1x</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/effects_inspector.py" line="88" />
      <source>2x</source>
      <translation>2x</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/effects_inspector.py" line="94" />
      <source>Reverse (clips up to 30 s)</source>
      <translation>倒放（片段不超过 30 秒）</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/effects_inspector.py" line="96" />
      <source>Freeze frame at the playhead</source>
      <translation>在播放头处定格</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/effects_inspector.py" line="106" />
      <source>Colour</source>
      <translation>颜色</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/effects_inspector.py" line="110" />
      <source>This clip</source>
      <translation>此片段</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/effects_inspector.py" line="111" />
      <source>Whole video</source>
      <translation>整个视频</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/effects_inspector.py" line="112" />
      <source>Apply to</source>
      <translation>应用于</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/effects_inspector.py" line="114" />
      <source>Brightness</source>
      <translation>亮度</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/effects_inspector.py" line="115" />
      <source>Contrast</source>
      <translation>对比度</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/effects_inspector.py" line="116" />
      <source>Saturation</source>
      <translation>饱和度</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/effects_inspector.py" line="117" />
      <source>Temperature</source>
      <translation>色温</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/effects_inspector.py" line="118" />
      <source>Vignette</source>
      <translation>暗角</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/effects_inspector.py" line="135" />
      <source>Look</source>
      <translation>滤镜</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/effects_inspector.py" line="136" />
      <source>Reset colour</source>
      <translation>重置颜色</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/effects_inspector.py" line="155" />
      <source>Warm</source>
      <translation>暖色</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/effects_inspector.py" line="156" />
      <source>Cool</source>
      <translation>冷色</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/effects_inspector.py" line="157" />
      <source>Film</source>
      <translation>胶片</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/effects_inspector.py" line="158" />
      <source>Mono</source>
      <translation>黑白</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/effects_inspector.py" line="159" />
      <source>Vivid</source>
      <translation>鲜艳</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/effects_inspector.py" line="224" />
      <source>None</source>
      <translation>无</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/effects_inspector.py" line="230" />
      <source>Load .cube…</source>
      <translation>载入 .cube…</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/effects_inspector.py" line="287" />
      <source>This look cannot be used: {0}</source>
      <translation>无法使用此滤镜：{0}</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/effects_inspector.py" line="299" />
      <source>Load a .cube look</source>
      <translation>载入 .cube 滤镜</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/effects_inspector.py" line="299" />
      <source>3D LUT (*.cube)</source>
      <translation>3D LUT (*.cube)</translation>
    </message>
  </context>
  <context>
    <name>ExportController</name>
    <message>
      <location filename="../../shortvid_desktop/qt/exporting.py" line="684" />
      <source>Wait for the running job to finish first.</source>
      <translation>请等待当前任务完成。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/exporting.py" line="698" />
      <source>Preparing “{0}”…</source>
      <translation>正在准备“{0}”…</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/exporting.py" line="700" />
      <source>Preparing the export to {0}</source>
      <translation>正在准备导出到 {0}</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/exporting.py" line="715" />
      <source>The script is empty: type or paste some text first.</source>
      <translation>脚本是空的：请先输入或粘贴一些文字。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/exporting.py" line="723" />
      <source>Export video as</source>
      <translation>导出视频为</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/exporting.py" line="725" />
      <source>MP4 video (*.mp4)</source>
      <translation>MP4 视频 (*.mp4)</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/exporting.py" line="770" />
      <location filename="../../shortvid_desktop/qt/exporting.py" line="791" />
      <source>Untitled</source>
      <translation>未命名</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/exporting.py" line="781" />
      <source>Queueing the export</source>
      <translation>正在加入导出队列</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/exporting.py" line="805" />
      <source>Cannot read the export queue: {0}</source>
      <translation>无法读取导出队列：{0}</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/exporting.py" line="812" />
      <source>Resuming {0} export(s) left in the queue when ShortVid last closed.</source>
      <translation>正在继续 ShortVid 上次关闭时队列中剩下的 {0} 个导出。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/exporting.py" line="815" />
      <source>Show exports</source>
      <translation>查看导出</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/exporting.py" line="834" />
      <source>Failed: {0}</source>
      <translation>失败：{0}</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/exporting.py" line="836" />
      <location filename="../../shortvid_desktop/qt/exporting.py" line="940" />
      <source>Export cancelled; nothing was written.</source>
      <translation>导出已取消，未写入任何文件。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/exporting.py" line="839" />
      <location filename="../../shortvid_desktop/qt/exporting.py" line="935" />
      <source>Export failed: {0}</source>
      <translation>导出失败：{0}</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/exporting.py" line="871" />
      <source>Add a project to the queue</source>
      <translation>将项目加入队列</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/exporting.py" line="873" />
      <source>ShortVid project (*.json)</source>
      <translation>ShortVid 项目 (*.json)</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/exporting.py" line="881" />
      <source>{0} has an empty timeline: open it and build it first.</source>
      <translation>{0} 的时间线是空的：请先打开并生成时间线。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/exporting.py" line="892" />
      <source>Exporting “{0}” to {1}</source>
      <translation>正在把“{0}”导出到 {1}</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/exporting.py" line="909" />
      <source>Writing the title and hashtags</source>
      <translation>正在写入标题和话题标签</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/exporting.py" line="913" />
      <source>The title and hashtags file failed: {0}</source>
      <translation>标题和话题标签文件写入失败：{0}</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/exporting.py" line="922" />
      <source>Exported {0}</source>
      <translation>已导出 {0}</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/exporting.py" line="924" />
      <source>Exported {0} in {1:.1f} s</source>
      <translation>已导出 {0}，用时 {1:.1f} 秒</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/exporting.py" line="927" />
      <source>Open file</source>
      <translation>打开文件</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/exporting.py" line="928" />
      <source>Show in folder</source>
      <translation>在文件夹中显示</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/exporting.py" line="950" />
      <source>Export subtitles</source>
      <translation>导出字幕</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/exporting.py" line="952" />
      <source>Subtitles (*.{0})</source>
      <translation>字幕 (*.{0})</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/exporting.py" line="962" />
      <source>Writing subtitles</source>
      <translation>正在写字幕</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/exporting.py" line="911" />
      <location filename="../../shortvid_desktop/qt/exporting.py" line="964" />
      <location filename="../../shortvid_desktop/qt/exporting.py" line="989" />
      <source>Wrote {0}</source>
      <translation>已写入 {0}</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/exporting.py" line="965" />
      <source>Subtitles failed: {0}</source>
      <translation>字幕导出失败：{0}</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/exporting.py" line="974" />
      <source>Export timeline</source>
      <translation>导出时间线</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/exporting.py" line="976" />
      <source>OpenTimelineIO (*.otio)</source>
      <translation>OpenTimelineIO (*.otio)</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/exporting.py" line="987" />
      <source>Writing the timeline</source>
      <translation>正在写时间线</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/exporting.py" line="991" />
      <source>Timeline export failed: {0}</source>
      <translation>时间线导出失败：{0}</translation>
    </message>
  </context>
  <context>
    <name>ExportDialog</name>
    <message>
      <location filename="../../shortvid_desktop/qt/exporting.py" line="179" />
      <source>Export</source>
      <translation>导出</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/exporting.py" line="182" />
      <source>Nothing is exporting.</source>
      <translation>当前没有导出任务。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/exporting.py" line="188" />
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/exporting.py" line="191" />
      <source>Open file</source>
      <translation>打开文件</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/exporting.py" line="192" />
      <source>Show in folder</source>
      <translation>在文件夹中显示</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/exporting.py" line="203" />
      <source>Link lasts 1 day</source>
      <translation>链接有效 1 天</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/exporting.py" line="204" />
      <source>Link lasts 7 days</source>
      <translation>链接有效 7 天</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/exporting.py" line="205" />
      <source>Link lasts 1 hour</source>
      <translation>链接有效 1 小时</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/exporting.py" line="209" />
      <source>S3 presigned links last at most 7 days; share again for a new link.</source>
      <translation>S3 预签名链接最长有效 7 天；过期后请重新分享以获取新链接。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/exporting.py" line="211" />
      <source>Upload and copy link</source>
      <translation>上传并复制链接</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/exporting.py" line="220" />
      <source>Credit stock and AI pictures over the last 2 seconds</source>
      <translation>在最后 2 秒显示素材库和 AI 图片的署名</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/exporting.py" line="225" />
      <source>Draws “Video by … on Pexels” lines at the end of the next exports. A .credits.txt file listing every source is written either way.</source>
      <translation>在之后导出的视频结尾显示“Video by … on Pexels”署名行。无论是否勾选，都会另写一个列出所有来源的 .credits.txt 文件。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/exporting.py" line="231" />
      <location filename="../../shortvid_desktop/qt/exporting.py" line="379" />
      <source>Reading export settings</source>
      <translation>正在读取导出设置</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/exporting.py" line="242" />
      <source>Add a project file…</source>
      <translation>添加项目文件…</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/exporting.py" line="244" />
      <source>Remove from queue</source>
      <translation>从队列移除</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/exporting.py" line="250" />
      <source>Started</source>
      <translation>开始时间</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/exporting.py" line="251" />
      <source>Status</source>
      <translation>状态</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/exporting.py" line="252" />
      <source>Settings</source>
      <translation>设置</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/exporting.py" line="253" />
      <source>Time</source>
      <translation>用时</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/exporting.py" line="254" />
      <source>File</source>
      <translation>文件</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/exporting.py" line="255" />
      <source>Message</source>
      <translation>信息</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/exporting.py" line="263" />
      <source>Refresh</source>
      <translation>刷新</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/exporting.py" line="278" />
      <source>Queue</source>
      <translation>队列</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/exporting.py" line="283" />
      <source>History</source>
      <translation>历史</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/exporting.py" line="320" />
      <location filename="../../shortvid_desktop/qt/exporting.py" line="395" />
      <source>Saving export settings</source>
      <translation>正在保存导出设置</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/exporting.py" line="332" />
      <source>Title and hashtags</source>
      <translation>标题和话题标签</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/exporting.py" line="342" />
      <source>Suggest again</source>
      <translation>重新生成</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/exporting.py" line="348" />
      <source>Write them beside the video (a .json file named like it)</source>
      <translation>写在视频旁边（同名的 .json 文件）</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/exporting.py" line="361" />
      <source>Title</source>
      <translation>标题</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/exporting.py" line="362" />
      <source>Description</source>
      <translation>简介</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/exporting.py" line="363" />
      <source>Hashtags</source>
      <translation>话题标签</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/exporting.py" line="366" />
      <source>Copy</source>
      <translation>复制</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/exporting.py" line="410" />
      <source>Write or generate a script to get a title and hashtags.</source>
      <translation>先编写或生成脚本，才能得到标题和话题标签。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/exporting.py" line="420" />
      <source>Writing a title and hashtags…</source>
      <translation>正在生成标题和话题标签…</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/exporting.py" line="432" />
      <source>No title and hashtags: {0}</source>
      <translation>未能生成标题和话题标签：{0}</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/exporting.py" line="435" />
      <source>Writing a title and hashtags</source>
      <translation>正在生成标题和话题标签</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/exporting.py" line="449" />
      <source>Made offline from the script's keywords.</source>
      <translation>已离线根据脚本关键词生成。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/exporting.py" line="451" />
      <source>Written by {0}.</source>
      <translation>由 {0} 撰写。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/exporting.py" line="488" />
      <source>Saving to {0}</source>
      <translation>保存到 {0}</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/exporting.py" line="501" />
      <source>Reading the export history</source>
      <translation>正在读取导出历史</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/exporting.py" line="508" />
      <source> — about {0} s left</source>
      <translation> — 约剩 {0} 秒</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/exporting.py" line="514" />
      <source>Exporting “{0}” to {1}</source>
      <translation>正在把“{0}”导出到 {1}</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/exporting.py" line="526" />
      <source>Done: {0} ({1:.1f} s)</source>
      <translation>完成：{0}（{1:.1f} 秒）</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/exporting.py" line="544" />
      <source>Uploading {0}…</source>
      <translation>正在上传 {0}…</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/exporting.py" line="555" />
      <source>Link copied ({0}): {1}</source>
      <translation>链接已复制（{0}）：{1}</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/exporting.py" line="560" />
      <source>Upload failed: {0}</source>
      <translation>上传失败：{0}</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/exporting.py" line="562" />
      <source>Uploading the video</source>
      <translation>正在上传视频</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/exporting.py" line="565" />
      <source>Failed: {0}</source>
      <translation>失败：{0}</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/exporting.py" line="570" />
      <source>Cancelled; nothing was written.</source>
      <translation>已取消，未写入任何文件。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/exporting.py" line="587" />
      <location filename="../../shortvid_desktop/qt/exporting.py" line="611" />
      <source>running</source>
      <translation>进行中</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/exporting.py" line="587" />
      <location filename="../../shortvid_desktop/qt/exporting.py" line="612" />
      <source>queued</source>
      <translation>排队中</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/exporting.py" line="608" />
      <source>done</source>
      <translation>完成</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/exporting.py" line="609" />
      <source>failed</source>
      <translation>失败</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/exporting.py" line="610" />
      <source>cancelled</source>
      <translation>已取消</translation>
    </message>
  </context>
  <context>
    <name>ExportQueue</name>
    <message>
      <location filename="../../shortvid_desktop/qt/exporting.py" line="129" />
      <source>Exporting</source>
      <translation>正在导出</translation>
    </message>
  </context>
  <context>
    <name>ImportController</name>
    <message>
      <location filename="../../shortvid_desktop/qt/importing.py" line="79" />
      <source>Import cancelled.</source>
      <translation>导入已取消。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/importing.py" line="90" />
      <source>Importing the folder {0}…</source>
      <translation>正在导入文件夹 {0}…</translation>
    </message>
    <message numerus="yes">
      <location filename="../../shortvid_desktop/qt/importing.py" line="91" />
      <source>Importing %n item(s)…</source>
      <translation>
        <numerusform>正在导入 %n 项…</numerusform>
      </translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/importing.py" line="95" />
      <source>Importing 1 file…</source>
      <translation>正在导入 1 个文件…</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/importing.py" line="96" />
      <source>Importing {0} files…</source>
      <translation>正在导入 {0} 个文件…</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/importing.py" line="151" />
      <source>{0} is already in the library (as {1}): reused it.</source>
      <translation>{0} 已在素材库中（即 {1}），已直接复用。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/importing.py" line="173" />
      <source>Not imported: {0}</source>
      <translation>未导入：{0}</translation>
    </message>
    <message numerus="yes">
      <location filename="../../shortvid_desktop/qt/importing.py" line="177" />
      <source>%n file(s) not imported ({0}): see Messages for why.</source>
      <translation>
        <numerusform>%n 个文件未导入（{0}）：原因见“消息”面板。</numerusform>
      </translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/importing.py" line="163" />
      <source>Imported {0} file(s)</source>
      <translation>已导入 {0} 个文件</translation>
    </message>
  </context>
  <context>
    <name>Inspector</name>
    <message>
      <location filename="../../shortvid_desktop/qt/inspector.py" line="232" />
      <source>Nothing selected</source>
      <translation>未选择任何内容</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/inspector.py" line="236" />
      <source>Clip</source>
      <translation>片段</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/inspector.py" line="246" />
      <source> s</source>
      <translation> 秒</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/inspector.py" line="256" />
      <source>Caption or overlay text</source>
      <translation>字幕或叠加文字</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/inspector.py" line="257" />
      <source>Fit</source>
      <translation>填充方式</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/inspector.py" line="258" />
      <source>Ken Burns</source>
      <translation>推拉摇移</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/inspector.py" line="259" />
      <source>Motion amount</source>
      <translation>运动幅度</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/inspector.py" line="260" />
      <source>Focus X</source>
      <translation>焦点 X</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/inspector.py" line="261" />
      <source>Focus Y</source>
      <translation>焦点 Y</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/inspector.py" line="262" />
      <source>Transition in</source>
      <translation>入场转场</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/inspector.py" line="263" />
      <source>Transition length</source>
      <translation>转场时长</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/inspector.py" line="264" />
      <source>Volume</source>
      <translation>音量</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/inspector.py" line="266" />
      <source>Text</source>
      <translation>文字</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/inspector.py" line="269" />
      <location filename="../../shortvid_desktop/qt/inspector.py" line="499" />
      <source>Project</source>
      <translation>项目</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/inspector.py" line="274" />
      <source>(best offline voice)</source>
      <translation>（最佳离线配音）</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/inspector.py" line="276" />
      <source>Title</source>
      <translation>标题</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/inspector.py" line="277" />
      <source>Canvas</source>
      <translation>画布</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/inspector.py" line="278" />
      <location filename="../../shortvid_desktop/qt/inspector.py" line="305" />
      <source>Voice</source>
      <translation>配音</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/inspector.py" line="281" />
      <source>Scene</source>
      <translation>场景</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/inspector.py" line="284" />
      <source>(project voice)</source>
      <translation>（项目配音）</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/inspector.py" line="298" />
      <source>Reset to template</source>
      <translation>恢复为模板样式</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/inspector.py" line="299" />
      <source>Drop this scene's caption overrides</source>
      <translation>去掉此场景单独设置的字幕样式</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/inspector.py" line="306" />
      <source>Captions</source>
      <translation>字幕</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/inspector.py" line="316" />
      <source>Caption style (whole video)</source>
      <translation>字幕样式（整个视频）</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/inspector.py" line="535" />
      <source>Scene {0}</source>
      <translation>场景 {0}</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/inspector.py" line="537" />
      <source>{0} scenes</source>
      <translation>{0} 个场景</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/inspector.py" line="551" />
      <source>size</source>
      <translation>字号</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/inspector.py" line="552" />
      <source>colour</source>
      <translation>颜色</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/inspector.py" line="553" />
      <source>highlight</source>
      <translation>高亮</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/inspector.py" line="554" />
      <source>outline colour</source>
      <translation>描边颜色</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/inspector.py" line="555" />
      <source>outline</source>
      <translation>描边</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/inspector.py" line="556" />
      <source>box</source>
      <translation>背景框</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/inspector.py" line="557" />
      <source>box colour</source>
      <translation>背景框颜色</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/inspector.py" line="558" />
      <source>position</source>
      <translation>位置</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/inspector.py" line="561" />
      <source>Own style: {0}</source>
      <translation>单独设置：{0}</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/inspector.py" line="564" />
      <source>Follows the template</source>
      <translation>跟随模板</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/inspector.py" line="297" />
      <location filename="../../shortvid_desktop/qt/inspector.py" line="325" />
      <source>Background box</source>
      <translation>背景框</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/inspector.py" line="326" />
      <source>Highlight the spoken word</source>
      <translation>高亮正在说的字</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/inspector.py" line="307" />
      <location filename="../../shortvid_desktop/qt/inspector.py" line="327" />
      <source>Size</source>
      <translation>字号</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/inspector.py" line="308" />
      <location filename="../../shortvid_desktop/qt/inspector.py" line="328" />
      <source>Colour</source>
      <translation>颜色</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/inspector.py" line="309" />
      <location filename="../../shortvid_desktop/qt/inspector.py" line="329" />
      <source>Highlight</source>
      <translation>高亮</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/inspector.py" line="310" />
      <location filename="../../shortvid_desktop/qt/inspector.py" line="330" />
      <source>Outline</source>
      <translation>描边</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/inspector.py" line="311" />
      <location filename="../../shortvid_desktop/qt/inspector.py" line="331" />
      <source>Position</source>
      <translation>位置</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/inspector.py" line="400" />
      <source>Voice preview failed: {0}</source>
      <translation>配音试听失败：{0}</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/inspector.py" line="473" />
      <source>{0} — {1} to {2}</source>
      <translation>{0} — {1} 至 {2}</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/inspector.py" line="478" />
      <source>{0} clips selected</source>
      <translation>已选择 {0} 个片段</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/inspector.py" line="504" />
      <source>{0}×{1}, {2} fps, {3}</source>
      <translation>{0}×{1}，{2} fps，{3}</translation>
    </message>
  </context>
  <context>
    <name>JobsIndicator</name>
    <message>
      <location filename="../../shortvid_desktop/qt/notices.py" line="101" />
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/notices.py" line="123" />
      <source> (+{0} more)</source>
      <translation>（另有 {0} 个）</translation>
    </message>
  </context>
  <context>
    <name>Labels</name>
    <message>
      <location filename="../../shortvid_desktop/qt/inspector.py" line="71" />
      <source>Fill (crop)</source>
      <translation>填满（裁切）</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/inspector.py" line="72" />
      <source>Fit, blurred sides</source>
      <translation>完整显示，模糊背景</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/inspector.py" line="73" />
      <source>Fit, bars</source>
      <translation>完整显示，加边</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/inspector.py" line="79" />
      <source>None</source>
      <translation>无</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/inspector.py" line="80" />
      <location filename="../../shortvid_desktop/qt/inspector.py" line="101" />
      <source>Zoom in</source>
      <translation>放大</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/inspector.py" line="81" />
      <source>Zoom out</source>
      <translation>缩小</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/inspector.py" line="82" />
      <source>Pan left</source>
      <translation>向左摇</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/inspector.py" line="83" />
      <source>Pan right</source>
      <translation>向右摇</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/inspector.py" line="84" />
      <source>Pan up</source>
      <translation>向上摇</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/inspector.py" line="85" />
      <source>Pan down</source>
      <translation>向下摇</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/inspector.py" line="91" />
      <source>Cut</source>
      <translation>硬切</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/inspector.py" line="92" />
      <source>Crossfade</source>
      <translation>交叉淡化</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/inspector.py" line="93" />
      <source>Fade through black</source>
      <translation>黑场过渡</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/inspector.py" line="94" />
      <source>Fade through white</source>
      <translation>白场过渡</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/inspector.py" line="95" />
      <source>Slide left</source>
      <translation>向左滑入</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/inspector.py" line="96" />
      <source>Slide right</source>
      <translation>向右滑入</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/inspector.py" line="97" />
      <source>Slide up</source>
      <translation>向上滑入</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/inspector.py" line="98" />
      <source>Slide down</source>
      <translation>向下滑入</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/inspector.py" line="99" />
      <source>Wipe left</source>
      <translation>向左擦除</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/inspector.py" line="100" />
      <source>Wipe right</source>
      <translation>向右擦除</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/inspector.py" line="107" />
      <source>Bottom</source>
      <translation>底部</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/inspector.py" line="108" />
      <source>Middle</source>
      <translation>中间</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/inspector.py" line="109" />
      <source>Top</source>
      <translation>顶部</translation>
    </message>
  </context>
  <context>
    <name>Languages</name>
    <message>
      <location filename="../../shortvid_desktop/qt/voice_picker.py" line="108" />
      <source>English</source>
      <translation>英语</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/voice_picker.py" line="109" />
      <source>Chinese</source>
      <translation>中文</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/voice_picker.py" line="110" />
      <source>Mandarin</source>
      <translation>普通话</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/voice_picker.py" line="111" />
      <source>Cantonese</source>
      <translation>粤语</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/voice_picker.py" line="112" />
      <source>Spanish</source>
      <translation>西班牙语</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/voice_picker.py" line="113" />
      <source>French</source>
      <translation>法语</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/voice_picker.py" line="114" />
      <source>German</source>
      <translation>德语</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/voice_picker.py" line="115" />
      <source>Portuguese</source>
      <translation>葡萄牙语</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/voice_picker.py" line="116" />
      <source>Italian</source>
      <translation>意大利语</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/voice_picker.py" line="117" />
      <source>Russian</source>
      <translation>俄语</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/voice_picker.py" line="118" />
      <source>Japanese</source>
      <translation>日语</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/voice_picker.py" line="119" />
      <source>Korean</source>
      <translation>韩语</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/voice_picker.py" line="120" />
      <source>Arabic</source>
      <translation>阿拉伯语</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/voice_picker.py" line="121" />
      <source>Hindi</source>
      <translation>印地语</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/voice_picker.py" line="122" />
      <source>Multilingual</source>
      <translation>多语言</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/voice_picker.py" line="125" />
      <source>US</source>
      <translation>美国</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/voice_picker.py" line="126" />
      <source>UK</source>
      <translation>英国</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/voice_picker.py" line="127" />
      <source>Australia</source>
      <translation>澳大利亚</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/voice_picker.py" line="128" />
      <source>Canada</source>
      <translation>加拿大</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/voice_picker.py" line="129" />
      <source>India</source>
      <translation>印度</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/voice_picker.py" line="130" />
      <source>Mainland China</source>
      <translation>中国大陆</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/voice_picker.py" line="131" />
      <source>Taiwan</source>
      <translation>台湾</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/voice_picker.py" line="132" />
      <source>Hong Kong</source>
      <translation>香港</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/voice_picker.py" line="133" />
      <source>Spain</source>
      <translation>西班牙</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/voice_picker.py" line="134" />
      <source>Mexico</source>
      <translation>墨西哥</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/voice_picker.py" line="135" />
      <source>Brazil</source>
      <translation>巴西</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/voice_picker.py" line="136" />
      <source>Portugal</source>
      <translation>葡萄牙</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/voice_picker.py" line="137" />
      <source>France</source>
      <translation>法国</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/voice_picker.py" line="138" />
      <source>Germany</source>
      <translation>德国</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/voice_picker.py" line="141" />
      <source>offline</source>
      <translation>离线</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/voice_picker.py" line="142" />
      <source>offline, robotic</source>
      <translation>离线，机械音</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/voice_picker.py" line="143" />
      <source>online</source>
      <translation>在线</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/voice_picker.py" line="144" />
      <source>OpenAI, online</source>
      <translation>OpenAI，在线</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/voice_picker.py" line="154" />
      <source>{0} ({1})</source>
      <translation>{0}（{1}）</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/voice_picker.py" line="155" />
      <source>{0} — {1} ({2})</source>
      <translation>{0} — {1}（{2}）</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/voice_picker.py" line="156" />
      <source>{0}, pinyin</source>
      <translation>{0}，拼音</translation>
    </message>
  </context>
  <context>
    <name>LayoutOps</name>
    <message>
      <location filename="../../shortvid_desktop/qt/layout_ops.py" line="27" />
      <source>Media library</source>
      <translation>素材库</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/layout_ops.py" line="29" />
      <source>Script and scenes</source>
      <translation>脚本与场景</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/layout_ops.py" line="31" />
      <source>Preview</source>
      <translation>预览</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/layout_ops.py" line="33" />
      <source>Inspector</source>
      <translation>属性</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/layout_ops.py" line="35" />
      <source>History</source>
      <translation>历史</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/layout_ops.py" line="36" />
      <source>Messages</source>
      <translation>消息</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/layout_ops.py" line="38" />
      <source>Timeline</source>
      <translation>时间线</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/layout_ops.py" line="58" />
      <source>Notices</source>
      <translation>通知</translation>
    </message>
  </context>
  <context>
    <name>MainWindow</name>
    <message>
      <location filename="../../shortvid_desktop/qt/main_window.py" line="84" />
      <source>&lt;original&gt;</source>
      <translation>&lt;原始状态&gt;</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/main_window.py" line="109" />
      <location filename="../../shortvid_desktop/qt/main_window.py" line="196" />
      <source>Ready</source>
      <translation>就绪</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/main_window.py" line="160" />
      <source>Autosave failed: {0}</source>
      <translation>自动保存失败：{0}</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/main_window.py" line="190" />
      <source>Untitled</source>
      <translation>未命名</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/main_window.py" line="262" />
      <source>Import media</source>
      <translation>导入素材</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/main_window.py" line="265" />
      <source>Media (*.jpg *.jpeg *.png *.webp *.bmp *.mp4 *.mov *.mkv *.webm *.m4v *.mp3 *.wav *.m4a *.aac *.flac *.ogg);;All files (*)</source>
      <translation>素材 (*.jpg *.jpeg *.png *.webp *.bmp *.mp4 *.mov *.mkv *.webm *.m4v *.mp3 *.wav *.m4a *.aac *.flac *.ogg);;所有文件 (*)</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/main_window.py" line="297" />
      <source>Your text</source>
      <translation>你的文字</translation>
    </message>
  </context>
  <context>
    <name>MediaCache</name>
    <message>
      <location filename="../../shortvid_desktop/qt/media_cache.py" line="85" />
      <source>Thumbnails</source>
      <translation>缩略图</translation>
    </message>
  </context>
  <context>
    <name>MediaPanel</name>
    <message>
      <location filename="../../shortvid_desktop/qt/media_panel.py" line="119" />
      <source>Drop photos, clips, music or folders here</source>
      <translation>把照片、视频、音乐或文件夹拖到这里</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/media_panel.py" line="125" />
      <source>Import…</source>
      <translation>导入…</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/media_panel.py" line="129" />
      <source>All media</source>
      <translation>全部素材</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/media_panel.py" line="130" />
      <source>Pictures</source>
      <translation>图片</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/media_panel.py" line="131" />
      <source>Videos</source>
      <translation>视频</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/media_panel.py" line="132" />
      <source>Sound</source>
      <translation>声音</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/media_panel.py" line="133" />
      <source>Missing files</source>
      <translation>缺失的文件</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/media_panel.py" line="138" />
      <source>Search by name or keyword</source>
      <translation>按名称或关键词搜索</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/media_panel.py" line="145" />
      <source>Not imported:</source>
      <translation>未导入：</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/media_panel.py" line="147" />
      <source>Clear</source>
      <translation>清除</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/media_panel.py" line="151" />
      <source>Media</source>
      <translation>素材</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/media_panel.py" line="208" />
      <source>{0} (missing)</source>
      <translation>{0}（缺失）</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/media_panel.py" line="209" />
      <source>picture</source>
      <translation>图片</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/media_panel.py" line="209" />
      <source>video</source>
      <translation>视频</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/media_panel.py" line="209" />
      <source>sound</source>
      <translation>声音</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/media_panel.py" line="216" />
      <source>The file is missing: right-click and choose Relink.</source>
      <translation>文件缺失：右键选择“重新链接”。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/media_panel.py" line="314" />
      <source>Add to timeline at the playhead</source>
      <translation>在播放头处加入时间线</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/media_panel.py" line="315" />
      <source>Assign to the selected scene</source>
      <translation>指定给所选场景</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/media_panel.py" line="316" />
      <source>Use as music</source>
      <translation>用作音乐</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/media_panel.py" line="317" />
      <source>Relink…</source>
      <translation>重新链接…</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/media_panel.py" line="318" />
      <source>Remove from project</source>
      <translation>从项目中移除</translation>
    </message>
  </context>
  <context>
    <name>PieceScheduler</name>
    <message>
      <location filename="../../shortvid_desktop/qt/playback.py" line="181" />
      <location filename="../../shortvid_desktop/qt/playback.py" line="244" />
      <location filename="../../shortvid_desktop/qt/playback.py" line="273" />
      <source>Preparing playback</source>
      <translation>正在准备播放</translation>
    </message>
  </context>
  <context>
    <name>PlaybackMixin</name>
    <message>
      <location filename="../../shortvid_desktop/qt/playback.py" line="394" />
      <source>No sound: Qt Multimedia is not installed</source>
      <translation>无声音：未安装 Qt Multimedia</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/playback.py" line="398" />
      <source>Preparing sound…</source>
      <translation>正在准备声音…</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/playback.py" line="493" />
      <source>Playback</source>
      <translation>播放</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/playback.py" line="536" />
      <source>No audio device: playing without sound</source>
      <translation>没有音频设备：无声播放</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/playback.py" line="585" />
      <source>Playback failed: {0}</source>
      <translation>播放失败：{0}</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/playback.py" line="587" />
      <source>Playback failed</source>
      <translation>播放失败</translation>
    </message>
  </context>
  <context>
    <name>PreviewPanel</name>
    <message>
      <location filename="../../shortvid_desktop/qt/preview_panel.py" line="319" />
      <location filename="../../shortvid_desktop/qt/preview_panel.py" line="533" />
      <source>Play</source>
      <translation>播放</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/preview_panel.py" line="359" />
      <location filename="../../shortvid_desktop/qt/preview_panel.py" line="496" />
      <source>The preview shows the video here once the timeline has clips.</source>
      <translation>时间线上有片段后，这里会显示视频预览。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/preview_panel.py" line="418" />
      <source>Preview</source>
      <translation>预览</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/preview_panel.py" line="434" />
      <source>Preview proxy</source>
      <translation>预览代理</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/preview_panel.py" line="474" />
      <source>Preview unavailable</source>
      <translation>无法预览</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/preview_panel.py" line="493" />
      <source>Playback stopped: the project changed</source>
      <translation>播放已停止：项目已更改</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/preview_panel.py" line="319" />
      <location filename="../../shortvid_desktop/qt/preview_panel.py" line="533" />
      <source>Pause</source>
      <translation>暂停</translation>
    </message>
  </context>
  <context>
    <name>Progress</name>
    <message>
      <location filename="../../shortvid_desktop/qt/progress_text.py" line="20" />
      <source>Checking fonts</source>
      <translation>正在检查字体</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/progress_text.py" line="21" />
      <source>Done</source>
      <translation>完成</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/progress_text.py" line="22" />
      <source>Looking for media files</source>
      <translation>正在查找素材文件</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/progress_text.py" line="23" />
      <source>Measuring loudness</source>
      <translation>正在测量响度</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/progress_text.py" line="24" />
      <source>Rendering sound</source>
      <translation>正在渲染声音</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/progress_text.py" line="25" />
      <source>Rendering</source>
      <translation>正在渲染</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/progress_text.py" line="26" />
      <source>Rendering preview</source>
      <translation>正在渲染预览</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/progress_text.py" line="27" />
      <source>Repairing the AI answer</source>
      <translation>正在修复 AI 的回答</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/progress_text.py" line="28" />
      <source>Script ready (offline)</source>
      <translation>脚本已就绪（离线）</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/progress_text.py" line="29" />
      <source>Voices ready</source>
      <translation>配音已就绪</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/progress_text.py" line="30" />
      <source>Writing the script</source>
      <translation>正在写脚本</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/progress_text.py" line="31" />
      <source>Splitting the script into scenes</source>
      <translation>正在把脚本拆成场景</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/progress_text.py" line="32" />
      <source>Downloaded</source>
      <translation>已下载</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/progress_text.py" line="38" />
      <source>Rendering frame {0} of {1}</source>
      <translation>正在渲染第 {0} 帧，共 {1} 帧</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/progress_text.py" line="44" />
      <source>Voicing scene {0} of {1}</source>
      <translation>正在为第 {0} 个场景配音，共 {1} 个</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/progress_text.py" line="50" />
      <source>Writing the script: scene {0}</source>
      <translation>正在写脚本：第 {0} 个场景</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/progress_text.py" line="56" />
      <source>Script ready: {0} scenes</source>
      <translation>脚本已就绪：{0} 个场景</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/progress_text.py" line="62" />
      <source>Checking {0} ({1} of {2})</source>
      <translation>正在检查 {0}（第 {1} 个，共 {2} 个）</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/progress_text.py" line="68" />
      <source>Asking {0} for a script</source>
      <translation>正在请 {0} 写脚本</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/progress_text.py" line="74" />
      <source>Searching {0} for “{1}”</source>
      <translation>正在 {0} 搜索“{1}”</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/progress_text.py" line="80" />
      <source>Downloading {0}'s file: {1} MB</source>
      <translation>正在下载 {0} 的文件：{1} MB</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/progress_text.py" line="86" />
      <source>Downloading {0}'s file</source>
      <translation>正在下载 {0} 的文件</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/progress_text.py" line="92" />
      <source>{0} candidates</source>
      <translation>{0} 个候选素材</translation>
    </message>
  </context>
  <context>
    <name>ProjectOps</name>
    <message>
      <location filename="../../shortvid_desktop/qt/project_ops.py" line="23" />
      <source>Wait for the running job to finish first.</source>
      <translation>请等待当前任务完成。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/project_ops.py" line="39" />
      <source>Open project</source>
      <translation>打开项目</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/project_ops.py" line="41" />
      <location filename="../../shortvid_desktop/qt/project_ops.py" line="144" />
      <source>ShortVid project (*.json)</source>
      <translation>ShortVid 项目 (*.json)</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/project_ops.py" line="48" />
      <location filename="../../shortvid_desktop/qt/project_ops.py" line="69" />
      <source>Could not open: {0}</source>
      <translation>无法打开：{0}</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/project_ops.py" line="78" />
      <source>There is no earlier project to reopen.</source>
      <translation>没有之前的项目可以重新打开。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/project_ops.py" line="130" />
      <source>Could not save {0}: {1}</source>
      <translation>无法保存 {0}：{1}</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/project_ops.py" line="134" />
      <source>Saved {0}</source>
      <translation>已保存 {0}</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/project_ops.py" line="142" />
      <source>Save project</source>
      <translation>保存项目</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/project_ops.py" line="154" />
      <source>Unsaved changes</source>
      <translation>未保存的修改</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/project_ops.py" line="155" />
      <source>Save the changes to “{0}”?</source>
      <translation>保存对“{0}”的修改吗？</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/project_ops.py" line="182" />
      <source>ShortVid closed before “{0}” was saved. Recover the autosave from {1}?</source>
      <translation>ShortVid 在“{0}”保存前关闭了。要恢复 {1} 的自动保存吗？</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/project_ops.py" line="183" />
      <source>Untitled</source>
      <translation>未命名</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/project_ops.py" line="178" />
      <source>Recover</source>
      <translation>恢复</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/project_ops.py" line="179" />
      <source>Discard</source>
      <translation>丢弃</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/project_ops.py" line="185" />
      <source>{0} more projects were not saved either.</source>
      <translation>另有 {0} 个项目也未保存。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/project_ops.py" line="186" />
      <source>Show all</source>
      <translation>查看全部</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/project_ops.py" line="196" />
      <source>Could not recover: {0}</source>
      <translation>无法恢复：{0}</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/project_ops.py" line="199" />
      <source>Recovered “{0}”. Save it to keep it.</source>
      <translation>已恢复“{0}”。请保存以保留它。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/project_ops.py" line="204" />
      <source>Discarded the autosave of “{0}”.</source>
      <translation>已丢弃“{0}”的自动保存。</translation>
    </message>
  </context>
  <context>
    <name>Reasons</name>
    <message>
      <location filename="../../shortvid_desktop/qt/reason_text.py" line="28" />
      <source>{name} was not found — it was moved, renamed or deleted.</source>
      <translation>找不到 {name}——它已被移动、重命名或删除。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/reason_text.py" line="29" />
      <source>{name} is a folder — drop or import the folder to add what is inside it.</source>
      <translation>{name} 是文件夹——拖入或导入这个文件夹，即可添加其中的内容。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/reason_text.py" line="32" />
      <source>{name} is not a file (it is a device, pipe or socket).</source>
      <translation>{name} 不是文件（而是设备、管道或套接字）。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/reason_text.py" line="33" />
      <source>{name} cannot be opened — you may not have permission to read it, or its drive is disconnected.</source>
      <translation>无法打开 {name}——你可能没有读取权限，或者它所在的磁盘已断开。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/reason_text.py" line="37" />
      <source>{name} is empty (0 bytes) — probably an interrupted download or copy. Download or copy it again.</source>
      <translation>{name} 是空文件（0 字节）——可能是下载或复制中断了。请重新下载或复制。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/reason_text.py" line="41" />
      <source>{name} holds no picture or sound. Use a picture (JPEG, PNG), a video (MP4, MOV) or a sound (MP3, WAV).</source>
      <translation>{name} 里既没有画面也没有声音。请使用图片（JPEG、PNG）、视频（MP4、MOV）或音频（MP3、WAV）。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/reason_text.py" line="45" />
      <source>{name} has no sound to use as music.</source>
      <translation>{name} 没有声音，不能用作音乐。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/reason_text.py" line="46" />
      <source>{name} is a HEIC photo, which this app cannot read — save it as JPEG.</source>
      <translation>{name} 是 HEIC 照片，本应用无法读取——请另存为 JPEG。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/reason_text.py" line="49" />
      <source>{name} is not {expected} — it is {what}.</source>
      <translation>{name} 不是{expected}——它是{what}。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/reason_text.py" line="50" />
      <source>{name} is not a picture, clip or sound file — it is {what}. Use a picture (JPEG, PNG), a video (MP4, MOV) or a sound (MP3, WAV).</source>
      <translation>{name} 不是图片、视频或音频文件——它是{what}。请使用图片（JPEG、PNG）、视频（MP4、MOV）或音频（MP3、WAV）。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/reason_text.py" line="54" />
      <source>{name} is not {expected} — it is damaged, or not {expected} at all.</source>
      <translation>{name} 无法作为{expected}读取——它已损坏，或者根本不是{expected}。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/reason_text.py" line="57" />
      <source>{name} is not a picture, clip or sound file — its content is not one we can read. Use a picture (JPEG, PNG), a video (MP4, MOV) or a sound (MP3, WAV).</source>
      <translation>{name} 不是图片、视频或音频文件——无法识别它的内容。请使用图片（JPEG、PNG）、视频（MP4、MOV）或音频（MP3、WAV）。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/reason_text.py" line="61" />
      <source>{name} is not {expected} — it is a broken or misnamed {actual}.</source>
      <translation>{name} 不是{expected}——它是损坏的或扩展名有误的{actual}。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/reason_text.py" line="62" />
      <source>{name} is damaged or incomplete — its end is missing (an interrupted download or copy). Download or copy it again.</source>
      <translation>{name} 已损坏或不完整——文件末尾缺失（下载或复制中断了）。请重新下载或复制。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/reason_text.py" line="66" />
      <source>{name} is {what} this app cannot read. Use a picture (JPEG, PNG), a video (MP4, MOV) or a sound (MP3, WAV).</source>
      <translation>{name} 是本应用无法读取的{what}。请使用图片（JPEG、PNG）、视频（MP4、MOV）或音频（MP3、WAV）。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/reason_text.py" line="70" />
      <source>{name} is damaged or incomplete. Download, copy or export it again.</source>
      <translation>{name} 已损坏或不完整。请重新下载、复制或导出。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/reason_text.py" line="73" />
      <source>{name} cannot be read — check that its drive is connected, then try again.</source>
      <translation>无法读取 {name}——请检查它所在的磁盘是否已连接，然后重试。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/reason_text.py" line="76" />
      <source>{name} could not be read. Try converting it to MP4, PNG or WAV and import the copy.</source>
      <translation>无法读取 {name}。请尝试把它转换为 MP4、PNG 或 WAV，再导入转换后的文件。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/reason_text.py" line="80" />
      <source>The folder {name} cannot be opened — check its permissions, or import the files inside it directly.</source>
      <translation>无法打开文件夹 {name}——请检查它的权限，或直接导入其中的文件。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/reason_text.py" line="86" />
      <source>a picture</source>
      <translation>图片</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/reason_text.py" line="87" />
      <source>a video</source>
      <translation>视频</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/reason_text.py" line="88" />
      <source>a sound file</source>
      <translation>音频文件</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/reason_text.py" line="89" />
      <source>picture</source>
      <translation>图片</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/reason_text.py" line="90" />
      <source>video</source>
      <translation>视频</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/reason_text.py" line="91" />
      <source>sound file</source>
      <translation>音频文件</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/reason_text.py" line="92" />
      <source>sound or video file</source>
      <translation>音频或视频文件</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/reason_text.py" line="93" />
      <source>video or sound file</source>
      <translation>视频或音频文件</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/reason_text.py" line="94" />
      <source>a text file</source>
      <translation>文本文件</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/reason_text.py" line="95" />
      <source>a web page</source>
      <translation>网页</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/reason_text.py" line="96" />
      <source>a playlist</source>
      <translation>播放列表</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/reason_text.py" line="97" />
      <source>an SVG drawing (export it as PNG first)</source>
      <translation>SVG 矢量图（请先导出为 PNG）</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/reason_text.py" line="98" />
      <source>a PDF document</source>
      <translation>PDF 文档</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/reason_text.py" line="99" />
      <source>a ZIP archive (or an Office document)</source>
      <translation>ZIP 压缩包（或 Office 文档）</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/reason_text.py" line="100" />
      <source>a RAR archive</source>
      <translation>RAR 压缩包</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/reason_text.py" line="101" />
      <source>a 7-Zip archive</source>
      <translation>7-Zip 压缩包</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/reason_text.py" line="102" />
      <source>a gzip archive</source>
      <translation>gzip 压缩包</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/reason_text.py" line="103" />
      <source>a program</source>
      <translation>程序</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/reason_text.py" line="104" />
      <source>a database</source>
      <translation>数据库</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/reason_text.py" line="105" />
      <source>an old Office document</source>
      <translation>旧版 Office 文档</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/reason_text.py" line="106" />
      <source>a WMV/WMA file</source>
      <translation>WMV/WMA 文件</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/reason_text.py" line="107" />
      <source>an MPEG-PS video</source>
      <translation>MPEG-PS 视频</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/reason_text.py" line="108" />
      <source>an MPEG-TS video</source>
      <translation>MPEG-TS 视频</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/reason_text.py" line="109" />
      <source>an FLV video</source>
      <translation>FLV 视频</translation>
    </message>
  </context>
  <context>
    <name>Ruler</name>
    <message>
      <location filename="../../shortvid_desktop/qt/timeline/ruler.py" line="47" />
      <source>In: {0}</source>
      <translation>入点：{0}</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/timeline/ruler.py" line="49" />
      <source>Out: {0}</source>
      <translation>出点：{0}</translation>
    </message>
  </context>
  <context>
    <name>ScenesModel</name>
    <message>
      <location filename="../../shortvid_desktop/qt/scenes_panel.py" line="63" />
      <source>Narration</source>
      <translation>旁白</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/scenes_panel.py" line="64" />
      <source>On-screen text</source>
      <translation>屏幕文字</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/scenes_panel.py" line="65" />
      <source>Keywords</source>
      <translation>关键词</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/scenes_panel.py" line="66" />
      <source>Voice</source>
      <translation>配音</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/scenes_panel.py" line="67" />
      <source>Duration</source>
      <translation>时长</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/scenes_panel.py" line="68" />
      <source>Media</source>
      <translation>素材</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/scenes_panel.py" line="117" />
      <source>(project voice)</source>
      <translation>（项目配音）</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/scenes_panel.py" line="143" />
      <source>Scene {0}, duration: {1!r} is not a number of seconds</source>
      <translation>场景 {0} 的时长：{1!r} 不是秒数</translation>
    </message>
  </context>
  <context>
    <name>ScenesPanel</name>
    <message>
      <location filename="../../shortvid_desktop/qt/scenes_panel.py" line="251" />
      <source>Type or paste your narration here. Each sentence or two becomes a scene.</source>
      <translation>在这里输入或粘贴旁白。每一两句话会成为一个场景。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/scenes_panel.py" line="255" />
      <source>Language: auto</source>
      <translation>语言：自动</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/scenes_panel.py" line="258" />
      <source>Make scenes</source>
      <translation>拆分场景</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/scenes_panel.py" line="259" />
      <source>Split the text into scenes (replaces the script)</source>
      <translation>把文字拆成场景（替换现有脚本）</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/scenes_panel.py" line="261" />
      <source>Sample script</source>
      <translation>示例脚本</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/scenes_panel.py" line="266" />
      <source>Or a topic: the AI writes the script</source>
      <translation>或者输入一个主题：由 AI 写脚本</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/scenes_panel.py" line="270" />
      <source> s</source>
      <translation> 秒</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/scenes_panel.py" line="271" />
      <source>Generate</source>
      <translation>生成</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/scenes_panel.py" line="302" />
      <source>Voice preview failed: {0}</source>
      <translation>配音试听失败：{0}</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/scenes_panel.py" line="314" />
      <source>Rewrite</source>
      <translation>改写</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/scenes_panel.py" line="314" />
      <source>Rewrite the selected scene (AI)</source>
      <translation>改写所选场景（AI）</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/scenes_panel.py" line="315" />
      <source>Shorten</source>
      <translation>缩短</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/scenes_panel.py" line="315" />
      <source>Shorten the selected scene</source>
      <translation>缩短所选场景</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/scenes_panel.py" line="317" />
      <source>Regenerate</source>
      <translation>重新生成</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/scenes_panel.py" line="317" />
      <source>Write the selected scene again (AI)</source>
      <translation>重新写所选场景（AI）</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/scenes_panel.py" line="320" />
      <source>Find visuals…</source>
      <translation>查找画面…</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/scenes_panel.py" line="321" />
      <source>Stock clips and photos for the selected scene, or for every scene</source>
      <translation>为选中的场景或所有场景查找素材库视频和图片</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/scenes_panel.py" line="326" />
      <source>For the selected scene</source>
      <translation>为选中的场景</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/scenes_panel.py" line="327" />
      <source>For all scenes</source>
      <translation>为所有场景</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/scenes_panel.py" line="337" />
      <source>Voice and lay out</source>
      <translation>配音并排布</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/scenes_panel.py" line="339" />
      <source>Voice every scene and lay the timeline out again (one undo step)</source>
      <translation>为每个场景配音并重新排布时间线（一步撤销）</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/scenes_panel.py" line="342" />
      <source>Re-voice changed</source>
      <translation>为改动重新配音</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/scenes_panel.py" line="344" />
      <source>Voice only the scenes whose narration changed, keeping your timeline edits</source>
      <translation>只为旁白改动过的场景重新配音，保留你在时间线上的修改</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/scenes_panel.py" line="348" />
      <source>Script</source>
      <translation>脚本</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/scenes_panel.py" line="431" />
      <source>Select a scene first.</source>
      <translation>请先选择一个场景。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/scenes_panel.py" line="440" />
      <source>Write or generate a script first.</source>
      <translation>请先编写或生成脚本。</translation>
    </message>
  </context>
  <context>
    <name>SettingsDialog</name>
    <message>
      <location filename="../../shortvid_desktop/qt/settings_dialog.py" line="70" />
      <source>Settings</source>
      <translation>设置</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/settings_dialog.py" line="90" />
      <source>OK</source>
      <translation>确定</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/settings_dialog.py" line="91" />
      <source>Apply</source>
      <translation>应用</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/settings_dialog.py" line="92" />
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/settings_dialog.py" line="121" />
      <source>Choose a folder</source>
      <translation>选择文件夹</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/settings_dialog.py" line="126" />
      <source>General</source>
      <translation>常规</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/settings_dialog.py" line="129" />
      <source>System</source>
      <translation>跟随系统</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/settings_dialog.py" line="134" />
      <source> s</source>
      <translation> 秒</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/settings_dialog.py" line="135" />
      <source>Language</source>
      <translation>语言</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/settings_dialog.py" line="136" />
      <source>Projects folder</source>
      <translation>项目文件夹</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/settings_dialog.py" line="137" />
      <source>Export folder</source>
      <translation>导出文件夹</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/settings_dialog.py" line="138" />
      <source>Autosave after idle</source>
      <translation>空闲后自动保存</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/settings_dialog.py" line="141" />
      <source>Rendering</source>
      <comment>settings tab</comment>
      <translation>渲染</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/settings_dialog.py" line="144" />
      <source>As the template says</source>
      <translation>按模板设置</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/settings_dialog.py" line="145" />
      <source>Draft (fast)</source>
      <translation>草稿（快）</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/settings_dialog.py" line="146" />
      <source>Standard</source>
      <translation>标准</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/settings_dialog.py" line="147" />
      <source>High (slow)</source>
      <translation>高（慢）</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/settings_dialog.py" line="151" />
      <source>Automatic (hardware when it works, else libx264)</source>
      <translation>自动（硬件编码可用时使用，否则 libx264）</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/settings_dialog.py" line="152" />
      <source>libx264 (software)</source>
      <translation>libx264（软件编码）</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/settings_dialog.py" line="155" />
      <source>A hardware encoder is offered only after a one-frame test encode worked on this computer; an export falls back to libx264 when it fails.</source>
      <translation>只有在本机试编码一帧成功后才会提供硬件编码器；硬件编码失败时导出会改用 libx264。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/settings_dialog.py" line="161" />
      <source>Default quality</source>
      <translation>默认画质</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/settings_dialog.py" line="162" />
      <source>Encoder</source>
      <translation>编码器</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/settings_dialog.py" line="169" />
      <source>This computer</source>
      <translation>本机</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/settings_dialog.py" line="170" />
      <source>Farm</source>
      <translation>渲染农场</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/settings_dialog.py" line="184" />
      <source>or</source>
      <translation>或</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/settings_dialog.py" line="201" />
      <source>When nothing has moved for this long, the workers are asked whether they are there; with none answering the export stops and says so.</source>
      <translation>若这么久没有任何进展，就询问渲染节点是否在线；没有节点应答时，导出停止并给出说明。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/settings_dialog.py" line="210" />
      <source>A farm export still unfinished after this long is stopped.</source>
      <translation>渲染农场导出超过这么长时间仍未完成时将被停止。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/settings_dialog.py" line="212" />
      <source>Render exports on</source>
      <translation>导出渲染位置</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/settings_dialog.py" line="213" />
      <source>Broker URL</source>
      <translation>消息代理 URL</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/settings_dialog.py" line="214" />
      <source>Broker password</source>
      <translation>消息代理密码</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/settings_dialog.py" line="216" />
      <source>Storage URL</source>
      <translation>存储 URL</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/settings_dialog.py" line="219" />
      <source>Wait for a worker</source>
      <translation>等待渲染节点</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/settings_dialog.py" line="220" />
      <source>Longest farm export</source>
      <translation>农场导出最长用时</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/settings_dialog.py" line="232" />
      <location filename="../../shortvid_desktop/qt/settings_dialog.py" line="324" />
      <source>The password is in the keyring.</source>
      <translation>密码已保存在系统密钥环中。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/settings_dialog.py" line="235" />
      <source>No password stored.</source>
      <translation>未保存密码。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/settings_dialog.py" line="242" />
      <source>Reading the farm settings</source>
      <translation>正在读取渲染农场设置</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/settings_dialog.py" line="262" />
      <source>Broker URL: leave the password out of the URL and type it in the Broker password field (it is kept in the keyring).</source>
      <translation>消息代理 URL：请不要把密码写在 URL 里，而是填入“消息代理密码”一栏（它会保存在系统密钥环中）。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/settings_dialog.py" line="277" />
      <source>Type the broker URL first.</source>
      <translation>请先填写消息代理 URL。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/settings_dialog.py" line="281" />
      <source>Testing the farm…</source>
      <translation>正在测试渲染农场…</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/settings_dialog.py" line="291" />
      <source>{0}: version {1}, {2} of {3} busy</source>
      <translation>{0}：版本 {1}，{3} 个进程中 {2} 个忙碌</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/settings_dialog.py" line="297" />
      <source>Connected: {0} live workers.</source>
      <translation>已连接：{0} 个在线工作节点。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/settings_dialog.py" line="301" />
      <source>Connected, but no worker answered: start `shortvid worker`.</source>
      <translation>已连接，但没有工作节点响应：请启动 `shortvid worker`。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/settings_dialog.py" line="305" />
      <source>Testing the farm</source>
      <translation>正在测试渲染农场</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/settings_dialog.py" line="327" />
      <source>Saving the broker password</source>
      <translation>正在保存消息代理密码</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/settings_dialog.py" line="346" />
      <source>Base URL</source>
      <translation>接口地址</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/settings_dialog.py" line="347" />
      <source>Model</source>
      <translation>模型</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/settings_dialog.py" line="348" />
      <source>API key</source>
      <translation>API 密钥</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/settings_dialog.py" line="351" />
      <source>Save key</source>
      <translation>保存密钥</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/settings_dialog.py" line="352" />
      <source>Delete key</source>
      <translation>删除密钥</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/settings_dialog.py" line="188" />
      <location filename="../../shortvid_desktop/qt/settings_dialog.py" line="353" />
      <source>Test connection</source>
      <translation>测试连接</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/settings_dialog.py" line="364" />
      <source>Use for scripts</source>
      <translation>用于写脚本</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/settings_dialog.py" line="370" />
      <source>AI providers</source>
      <translation>AI 服务商</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/settings_dialog.py" line="376" />
      <source>Voice engines are tried in this order; when one fails the next one speaks.</source>
      <translation>按此顺序尝试配音引擎；一个失败时由下一个接替。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/settings_dialog.py" line="380" />
      <source>Up</source>
      <translation>上移</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/settings_dialog.py" line="381" />
      <source>Down</source>
      <translation>下移</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/settings_dialog.py" line="391" />
      <source>Voices</source>
      <translation>配音</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/settings_dialog.py" line="394" />
      <source>Network and budget</source>
      <translation>网络与预算</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/settings_dialog.py" line="396" />
      <source>empty = system proxy; 'direct' = none</source>
      <translation>留空 = 系统代理；direct = 不用代理</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/settings_dialog.py" line="401" />
      <source>no limit</source>
      <translation>不限</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/settings_dialog.py" line="404" />
      <source>Proxy</source>
      <translation>代理</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/settings_dialog.py" line="405" />
      <source>Monthly budget for</source>
      <translation>月度预算：</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/settings_dialog.py" line="406" />
      <source>Budget (USD)</source>
      <translation>预算（美元）</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/settings_dialog.py" line="430" />
      <source>Cannot read the settings: {0}</source>
      <translation>无法读取设置：{0}</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/settings_dialog.py" line="454" />
      <source>Testing encoders</source>
      <translation>正在测试编码器</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/settings_dialog.py" line="465" />
      <source>None (offline helper)</source>
      <translation>无（离线助手）</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/settings_dialog.py" line="477" />
      <source>Reading AI providers</source>
      <translation>正在读取 AI 服务商</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/settings_dialog.py" line="231" />
      <location filename="../../shortvid_desktop/qt/settings_dialog.py" line="323" />
      <location filename="../../shortvid_desktop/qt/settings_dialog.py" line="496" />
      <source>(stored)</source>
      <translation>（已保存）</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/settings_dialog.py" line="497" />
      <source>A key is stored ({0}).</source>
      <translation>已保存密钥（{0}）。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/settings_dialog.py" line="502" />
      <source>No key stored.</source>
      <translation>尚未保存密钥。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/settings_dialog.py" line="502" />
      <source>This provider needs no key.</source>
      <translation>此服务商不需要密钥。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/settings_dialog.py" line="509" />
      <source>Type the key first.</source>
      <translation>请先输入密钥。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/settings_dialog.py" line="520" />
      <source>Saving the key</source>
      <translation>正在保存密钥</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/settings_dialog.py" line="535" />
      <source>Deleting the key</source>
      <translation>正在删除密钥</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/settings_dialog.py" line="542" />
      <source>Testing {0}…</source>
      <translation>正在测试 {0}…</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/settings_dialog.py" line="554" />
      <source>Testing the connection</source>
      <translation>正在测试连接</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/settings_dialog.py" line="595" />
      <source>Farm: type the broker URL and the storage URL (or choose This computer).</source>
      <translation>渲染农场：请填写消息代理 URL 和存储 URL（或选择“本机”）。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/settings_dialog.py" line="634" />
      <source>Saved.</source>
      <translation>已保存。</translation>
    </message>
  </context>
  <context>
    <name>ShuttleMixin</name>
    <message>
      <location filename="../../shortvid_desktop/qt/preview_panel.py" line="200" />
      <source>Backward {0}x</source>
      <translation>倒放 {0}x</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/preview_panel.py" line="218" />
      <source>Playing at {0}x</source>
      <translation>以 {0}x 播放</translation>
    </message>
  </context>
  <context>
    <name>SoundBox</name>
    <message>
      <location filename="../../shortvid_desktop/qt/sound_inspector.py" line="33" />
      <source>Sound</source>
      <translation>声音</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/sound_inspector.py" line="42" />
      <source>Clear volume points</source>
      <translation>清除音量点</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/sound_inspector.py" line="46" />
      <source>Loop to the video (crossfade)</source>
      <translation>循环至视频结束（交叉淡化）</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/sound_inspector.py" line="47" />
      <source>Trim to the video (fade out)</source>
      <translation>裁剪至视频长度（淡出）</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/sound_inspector.py" line="48" />
      <source>Fade in</source>
      <translation>淡入</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/sound_inspector.py" line="49" />
      <source>Fade out</source>
      <translation>淡出</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/sound_inspector.py" line="50" />
      <source>Volume points</source>
      <translation>音量点</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/sound_inspector.py" line="52" />
      <source>Music</source>
      <translation>音乐</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/sound_inspector.py" line="67" />
      <source> s</source>
      <translation> 秒</translation>
    </message>
    <message numerus="yes">
      <location filename="../../shortvid_desktop/qt/sound_inspector.py" line="105" />
      <source>%n point(s)</source>
      <translation>
        <numerusform>%n 个点</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>StartPage</name>
    <message>
      <location filename="../../shortvid_desktop/qt/start_page.py" line="50" />
      <source>ShortVid</source>
      <translation>ShortVid</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/start_page.py" line="55" />
      <source>Make a short vertical video from an idea.</source>
      <translation>把一个想法做成竖屏短视频。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/start_page.py" line="58" />
      <source>New project</source>
      <translation>新建项目</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/start_page.py" line="59" />
      <source>Open…</source>
      <translation>打开…</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/start_page.py" line="60" />
      <source>Reopen last project</source>
      <translation>重新打开上一个项目</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/start_page.py" line="61" />
      <source>Continue without a project</source>
      <translation>不打开项目，直接继续</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/start_page.py" line="72" />
      <source>Recent projects</source>
      <translation>最近的项目</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/start_page.py" line="77" />
      <source>No saved projects yet.</source>
      <translation>还没有保存过的项目。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/start_page.py" line="83" />
      <source>Not saved when ShortVid closed</source>
      <translation>ShortVid 关闭时未保存的项目</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/start_page.py" line="112" />
      <source>(saved in ShortVid only)</source>
      <translation>（仅保存在 ShortVid 中）</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/start_page.py" line="127" />
      <source>Open “{0}” again</source>
      <translation>重新打开“{0}”</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/start_page.py" line="145" />
      <source>“{0}”, autosaved {1}</source>
      <translation>“{0}”，自动保存于 {1}</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/start_page.py" line="146" />
      <source>Untitled</source>
      <translation>未命名</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/start_page.py" line="150" />
      <source>Recover</source>
      <translation>恢复</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/start_page.py" line="151" />
      <source>Discard</source>
      <translation>丢弃</translation>
    </message>
  </context>
  <context>
    <name>StickerPicker</name>
    <message>
      <location filename="../../shortvid_desktop/qt/sticker_picker.py" line="33" />
      <source>Add sticker</source>
      <translation>添加贴纸</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/sticker_picker.py" line="50" />
      <source>No font on this computer draws this emoji</source>
      <translation>本机没有能显示此表情的字体</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/sticker_picker.py" line="58" />
      <source>No colour emoji font was found: emoji stickers are drawn as white outlined glyphs. Install Noto Color Emoji for colour.</source>
      <translation>未找到彩色表情字体：表情贴纸将以白色描边字形绘制。安装 Noto Color Emoji 即可显示彩色。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/sticker_picker.py" line="66" />
      <source>Picture file (PNG, WebP, GIF)…</source>
      <translation>图片文件（PNG、WebP、GIF）…</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/sticker_picker.py" line="84" />
      <source>Choose a sticker</source>
      <translation>选择贴纸</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/sticker_picker.py" line="84" />
      <source>Pictures (*.png *.webp *.gif)</source>
      <translation>图片 (*.png *.webp *.gif)</translation>
    </message>
  </context>
  <context>
    <name>TemplateEditor</name>
    <message>
      <location filename="../../shortvid_desktop/qt/template_editor.py" line="86" />
      <source>Templates</source>
      <translation>模板</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/template_editor.py" line="103" />
      <source>New</source>
      <translation>新建</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/template_editor.py" line="104" />
      <source>Duplicate</source>
      <translation>复制</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/template_editor.py" line="105" />
      <source>Delete</source>
      <translation>删除</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/template_editor.py" line="106" />
      <source>Import…</source>
      <translation>导入…</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/template_editor.py" line="107" />
      <source>Export…</source>
      <translation>导出…</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/template_editor.py" line="126" />
      <source>Built-in templates are read-only: duplicate this one to change it.</source>
      <translation>内置模板为只读：复制一份后再修改。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/template_editor.py" line="137" />
      <source>Save</source>
      <translation>保存</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/template_editor.py" line="138" />
      <source>Use in project</source>
      <translation>用于项目</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/template_editor.py" line="139" />
      <source>Close</source>
      <translation>关闭</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/template_editor.py" line="160" />
      <source>Rendering a sample frame…</source>
      <translation>正在渲染示例画面…</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/template_editor.py" line="226" />
      <source>Canvas</source>
      <translation>画布</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/template_editor.py" line="227" />
      <source>Name</source>
      <translation>名称</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/template_editor.py" line="231" />
      <location filename="../../shortvid_desktop/qt/template_editor.py" line="238" />
      <source>Custom</source>
      <translation>自定义</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/template_editor.py" line="234" />
      <source>Aspect ratio</source>
      <translation>画面比例</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/template_editor.py" line="241" />
      <source>Resolution</source>
      <translation>分辨率</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/template_editor.py" line="242" />
      <source>Width</source>
      <translation>宽度</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/template_editor.py" line="243" />
      <source>Height</source>
      <translation>高度</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/template_editor.py" line="244" />
      <source>Frame rate</source>
      <translation>帧率</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/template_editor.py" line="247" />
      <source>Draft</source>
      <translation>草稿</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/template_editor.py" line="248" />
      <source>Standard</source>
      <translation>标准</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/template_editor.py" line="249" />
      <source>High</source>
      <translation>高</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/template_editor.py" line="252" />
      <source>Quality</source>
      <translation>画质</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/template_editor.py" line="253" />
      <source>Picture fit</source>
      <translation>图片填充方式</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/template_editor.py" line="254" />
      <source>Bar colour</source>
      <translation>边框颜色</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/template_editor.py" line="256" />
      <source>Still length</source>
      <translation>图片时长</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/template_editor.py" line="260" />
      <source>Title card</source>
      <translation>标题卡</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/template_editor.py" line="262" />
      <source>Show the title at the start</source>
      <translation>开头显示标题</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/template_editor.py" line="265" />
      <source>e.g. Follow for more (empty: no closing card)</source>
      <translation>例如：关注我看更多（留空则不显示结尾卡）</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/template_editor.py" line="266" />
      <source>Closing card</source>
      <translation>结尾卡</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/template_editor.py" line="269" />
      <source>Scene text</source>
      <translation>场景文字</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/template_editor.py" line="271" />
      <source>Show each scene's on-screen text at the top</source>
      <translation>在顶部显示每个场景的屏幕文字</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/template_editor.py" line="275" />
      <source>Captions</source>
      <translation>字幕</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/template_editor.py" line="276" />
      <source>Font</source>
      <translation>字体</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/template_editor.py" line="280" />
      <source>Size</source>
      <translation>字号</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/template_editor.py" line="281" />
      <source>Bold</source>
      <translation>粗体</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/template_editor.py" line="283" />
      <source>Pop</source>
      <translation>弹跳</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/template_editor.py" line="283" />
      <source>The spoken word grows a little</source>
      <translation>正在说的字略微放大</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/template_editor.py" line="285" />
      <source>Colour</source>
      <translation>颜色</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/template_editor.py" line="286" />
      <source>Spoken word colour</source>
      <translation>当前字颜色</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/template_editor.py" line="287" />
      <source>Highlight the spoken word</source>
      <translation>高亮正在说的字</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/template_editor.py" line="288" />
      <source>Outline colour</source>
      <translation>描边颜色</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/template_editor.py" line="289" />
      <source>Outline</source>
      <translation>描边</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/template_editor.py" line="290" />
      <source>Shadow</source>
      <translation>阴影</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/template_editor.py" line="291" />
      <source>Background box</source>
      <translation>背景框</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/template_editor.py" line="292" />
      <source>Box colour</source>
      <translation>背景框颜色</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/template_editor.py" line="293" />
      <location filename="../../shortvid_desktop/qt/template_editor.py" line="370" />
      <source>Position</source>
      <translation>位置</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/template_editor.py" line="295" />
      <source>Distance from edge</source>
      <translation>距边缘</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/template_editor.py" line="298" />
      <source>Characters per line</source>
      <translation>每行字数</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/template_editor.py" line="300" />
      <source>Lines</source>
      <translation>行数</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/template_editor.py" line="316" />
      <source>Start from a text style</source>
      <translation>从文字样式开始</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/template_editor.py" line="319" />
      <source>Motion</source>
      <translation>运动</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/template_editor.py" line="320" />
      <source>Transition</source>
      <translation>转场</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/template_editor.py" line="323" />
      <source>Transition length</source>
      <translation>转场时长</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/template_editor.py" line="327" />
      <source>Ken Burns</source>
      <translation>推拉摇移</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/template_editor.py" line="328" />
      <source>Motion amount</source>
      <translation>运动幅度</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/template_editor.py" line="330" />
      <source>Linear</source>
      <translation>线性</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/template_editor.py" line="331" />
      <source>Ease in and out</source>
      <translation>缓入缓出</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/template_editor.py" line="332" />
      <source>Easing</source>
      <translation>缓动</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/template_editor.py" line="335" />
      <source>Vary the motion</source>
      <translation>变化运动方式</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/template_editor.py" line="337" />
      <source>Different per picture</source>
      <translation>每张图片不同</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/template_editor.py" line="339" />
      <source>Variety seed</source>
      <translation>变化种子</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/template_editor.py" line="342" />
      <source>Music</source>
      <translation>音乐</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/template_editor.py" line="343" />
      <source>Music volume</source>
      <translation>音乐音量</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/template_editor.py" line="344" />
      <source>Ducking under the voice</source>
      <translation>人声时压低音乐</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/template_editor.py" line="345" />
      <source>Music fade</source>
      <translation>音乐淡入淡出</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/template_editor.py" line="346" />
      <source>Loudness</source>
      <translation>响度</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/template_editor.py" line="349" />
      <source>Watermark</source>
      <translation>水印</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/template_editor.py" line="350" />
      <source>Text</source>
      <translation>文字</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/template_editor.py" line="306" />
      <location filename="../../shortvid_desktop/qt/template_editor.py" line="355" />
      <source>Choose…</source>
      <translation>选择…</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/template_editor.py" line="361" />
      <location filename="../../shortvid_desktop/qt/template_editor.py" line="613" />
      <source>Logo image</source>
      <translation>标志图片</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/template_editor.py" line="364" />
      <source>Top left</source>
      <translation>左上</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/template_editor.py" line="365" />
      <source>Top right</source>
      <translation>右上</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/template_editor.py" line="366" />
      <source>Bottom left</source>
      <translation>左下</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/template_editor.py" line="367" />
      <source>Bottom right</source>
      <translation>右下</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/template_editor.py" line="371" />
      <source>Opacity</source>
      <translation>不透明度</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/template_editor.py" line="379" />
      <source>Cannot read the templates: {0}</source>
      <translation>无法读取模板：{0}</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/template_editor.py" line="384" />
      <source> (built-in)</source>
      <translation>（内置）</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/template_editor.py" line="434" />
      <source>Unsaved template</source>
      <translation>模板未保存</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/template_editor.py" line="435" />
      <source>Save the changes to the template “{0}”?</source>
      <translation>保存对模板“{0}”的修改吗？</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/template_editor.py" line="598" />
      <source>⚠ No installed font can draw Chinese captions.</source>
      <translation>⚠ 没有已安装的字体能显示中文字幕。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/template_editor.py" line="602" />
      <source>✓ {0} draws Chinese and Latin captions.</source>
      <translation>✓ {0} 可显示中文和拉丁字母字幕。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/template_editor.py" line="606" />
      <source>⚠ {0} cannot draw Chinese: {1} will be used for Chinese captions.</source>
      <translation>⚠ {0} 不能显示中文：中文字幕将使用 {1}。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/template_editor.py" line="613" />
      <source>Images (*.png *.jpg *.jpeg *.webp)</source>
      <translation>图片 (*.png *.jpg *.jpeg *.webp)</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/template_editor.py" line="627" />
      <source>My template</source>
      <translation>我的模板</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/template_editor.py" line="631" />
      <source>copy</source>
      <comment>a template's name suffix: 'Vertical Story copy'</comment>
      <translation>副本</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/template_editor.py" line="649" />
      <source>A template named “{0}” already exists.</source>
      <translation>已有名为“{0}”的模板。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/template_editor.py" line="660" />
      <source>Saved “{0}”.</source>
      <translation>已保存“{0}”。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/template_editor.py" line="685" />
      <source>Deleted “{0}”.</source>
      <translation>已删除“{0}”。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/template_editor.py" line="699" />
      <source>The project now uses “{0}”.</source>
      <translation>项目现在使用“{0}”。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/template_editor.py" line="711" />
      <source>Imported “{0}”.</source>
      <translation>已导入“{0}”。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/template_editor.py" line="723" />
      <source>Wrote {0}</source>
      <translation>已写入 {0}</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/template_editor.py" line="728" />
      <source>Import template</source>
      <translation>导入模板</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/template_editor.py" line="728" />
      <location filename="../../shortvid_desktop/qt/template_editor.py" line="740" />
      <source>Template (*.json)</source>
      <translation>模板 (*.json)</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/template_editor.py" line="738" />
      <source>Export template</source>
      <translation>导出模板</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/template_editor.py" line="764" />
      <source>Template preview</source>
      <translation>模板预览</translation>
    </message>
  </context>
  <context>
    <name>TextItemBox</name>
    <message>
      <location filename="../../shortvid_desktop/qt/text_inspector.py" line="56" />
      <source>Text and animation</source>
      <translation>文字与动画</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/text_inspector.py" line="66" />
      <source>Style</source>
      <translation>样式</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/text_inspector.py" line="67" />
      <source>Animation in</source>
      <translation>入场动画</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/text_inspector.py" line="68" />
      <source>Animation out</source>
      <translation>出场动画</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/text_inspector.py" line="92" />
      <source> s</source>
      <translation> 秒</translation>
    </message>
  </context>
  <context>
    <name>TextItems</name>
    <message>
      <location filename="../../shortvid_desktop/qt/text_inspector.py" line="32" />
      <source>Template overlay</source>
      <translation>模板叠加文字</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/text_inspector.py" line="33" />
      <source>Title</source>
      <translation>标题</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/text_inspector.py" line="34" />
      <source>Subtitle</source>
      <translation>副标题</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/text_inspector.py" line="35" />
      <source>Label</source>
      <translation>标签</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/text_inspector.py" line="36" />
      <source>Quote</source>
      <translation>引用</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/text_inspector.py" line="37" />
      <source>Callout</source>
      <translation>标注</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/text_inspector.py" line="43" />
      <source>None</source>
      <translation>无</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/text_inspector.py" line="44" />
      <source>Fade</source>
      <translation>淡入淡出</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/text_inspector.py" line="45" />
      <source>Pop</source>
      <translation>弹出</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/text_inspector.py" line="46" />
      <source>Slide</source>
      <translation>滑入</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/text_inspector.py" line="47" />
      <source>Typewriter</source>
      <translation>打字机</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/text_inspector.py" line="48" />
      <source>Bounce</source>
      <translation>弹跳</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/text_inspector.py" line="148" />
      <source>Your text</source>
      <translation>输入文字</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/text_inspector.py" line="158" />
      <source>Te&amp;xt</source>
      <translation>文字(&amp;X)</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/text_inspector.py" line="162" />
      <source>Add {0}</source>
      <translation>添加{0}</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/text_inspector.py" line="171" />
      <source>Add &amp;sticker…</source>
      <translation>添加贴纸(&amp;S)…</translation>
    </message>
  </context>
  <context>
    <name>TimelinePanel</name>
    <message>
      <location filename="../../shortvid_desktop/qt/timeline/panel.py" line="56" />
      <source>Snap cuts to beats</source>
      <translation>剪辑点对齐节拍</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/timeline/panel.py" line="59" />
      <source>Move each cut of the main track to the nearest beat of the music</source>
      <translation>将主轨道的每个剪辑点移到最近的音乐节拍</translation>
    </message>
  </context>
  <context>
    <name>TimelineView</name>
    <message>
      <location filename="../../shortvid_desktop/qt/timeline/view.py" line="369" />
      <source>Cut (right-click to add a transition)</source>
      <translation>硬切（右键单击可添加转场）</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/timeline/view.py" line="372" />
      <source>Transition: {0}, {1:.2f} s (drag to change the length; right-click to change or remove it)</source>
      <translation>转场：{0}，{1:.2f} 秒（拖动可修改时长；右键单击可更改或移除）</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/timeline/view.py" line="893" />
      <source>Change transition</source>
      <translation>更改转场</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/timeline/view.py" line="893" />
      <source>Add transition</source>
      <translation>添加转场</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/timeline/view.py" line="908" />
      <source>Length</source>
      <translation>时长</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/timeline/view.py" line="912" />
      <source>{0:.2f} s</source>
      <translation>{0:.2f} 秒</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/timeline/view.py" line="921" />
      <source>Remove transition</source>
      <translation>移除转场</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/timeline/view.py" line="936" />
      <source>Nothing to split at the playhead.</source>
      <translation>播放头处没有可分割的片段。</translation>
    </message>
  </context>
  <context>
    <name>TrackHeaders</name>
    <message>
      <location filename="../../shortvid_desktop/qt/timeline/ruler.py" line="133" />
      <source>Video</source>
      <translation>视频</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/timeline/ruler.py" line="134" />
      <source>Text</source>
      <translation>文字</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/timeline/ruler.py" line="135" />
      <source>Voice</source>
      <translation>配音</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/timeline/ruler.py" line="136" />
      <source>Music</source>
      <translation>音乐</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/timeline/ruler.py" line="137" />
      <source>Audio</source>
      <translation>音频</translation>
    </message>
  </context>
  <context>
    <name>TransformBox</name>
    <message>
      <location filename="../../shortvid_desktop/qt/transform_inspector.py" line="41" />
      <source>Placement and keyframes</source>
      <translation>位置与关键帧</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/transform_inspector.py" line="53" />
      <source>Position X</source>
      <translation>位置 X</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/transform_inspector.py" line="54" />
      <source>Position Y</source>
      <translation>位置 Y</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/transform_inspector.py" line="55" />
      <source>Scale</source>
      <translation>缩放</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/transform_inspector.py" line="56" />
      <source>Rotation</source>
      <translation>旋转</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/transform_inspector.py" line="57" />
      <source>Opacity</source>
      <translation>不透明度</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/transform_inspector.py" line="61" />
      <source>Previous keyframe</source>
      <translation>上一个关键帧</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/transform_inspector.py" line="62" />
      <source>Add keyframe</source>
      <translation>添加关键帧</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/transform_inspector.py" line="64" />
      <source>Remove keyframe</source>
      <translation>删除关键帧</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/transform_inspector.py" line="68" />
      <source>Next keyframe</source>
      <translation>下一个关键帧</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/transform_inspector.py" line="73" />
      <source>Keyframes</source>
      <translation>关键帧</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/transform_inspector.py" line="76" />
      <source>Linear</source>
      <translation>线性</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/transform_inspector.py" line="77" />
      <source>Ease in and out</source>
      <translation>缓入缓出</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/transform_inspector.py" line="78" />
      <source>How this keyframe runs on to the next</source>
      <translation>从此关键帧到下一个关键帧的变化方式</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/transform_inspector.py" line="79" />
      <source>To the next</source>
      <translation>到下一帧</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/transform_inspector.py" line="156" />
      <source>{0} keyframes</source>
      <translation>{0} 个关键帧</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/transform_inspector.py" line="156" />
      <source>None</source>
      <translation>无</translation>
    </message>
  </context>
  <context>
    <name>UndoBridge</name>
    <message>
      <location filename="../../shortvid_desktop/qt/undo.py" line="333" />
      <source>Nothing to {0}</source>
      <translation>没有可{0}的操作</translation>
    </message>
  </context>
  <context>
    <name>VisualsPicker</name>
    <message>
      <location filename="../../shortvid_desktop/qt/visuals_picker.py" line="95" />
      <source>Find visuals</source>
      <translation>查找画面</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/visuals_picker.py" line="132" />
      <source>What to search for</source>
      <translation>要搜索的内容</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/visuals_picker.py" line="134" />
      <source>Search</source>
      <translation>搜索</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/visuals_picker.py" line="155" />
      <location filename="../../shortvid_desktop/qt/visuals_picker.py" line="594" />
      <source>Point at a candidate to see it larger.</source>
      <translation>将鼠标指向候选项可查看大图。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/visuals_picker.py" line="161" />
      <location filename="../../shortvid_desktop/qt/visuals_picker.py" line="278" />
      <location filename="../../shortvid_desktop/qt/visuals_picker.py" line="699" />
      <source>Choose a picture or clip.</source>
      <translation>请选择一张图片或一个片段。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/visuals_picker.py" line="173" />
      <source>Replace</source>
      <translation>替换</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/visuals_picker.py" line="175" />
      <source>Download the chosen candidate and use it for this scene (undoable)</source>
      <translation>下载选中的候选素材并用于此场景（可撤销）</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/visuals_picker.py" line="178" />
      <source>Shuffle</source>
      <translation>换一批</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/visuals_picker.py" line="179" />
      <source>Show other candidates for this scene</source>
      <translation>为此场景显示其他候选素材</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/visuals_picker.py" line="181" />
      <source>Generate AI image</source>
      <translation>生成 AI 图片</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/visuals_picker.py" line="185" />
      <source>Ask the AI provider's image model for a picture of this scene, from its narration and mood (one paid call, refused over the monthly budget)</source>
      <translation>请 AI 服务的图像模型根据本场景的旁白和情绪画一张图（一次付费调用，超出每月预算时拒绝）</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/visuals_picker.py" line="190" />
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/visuals_picker.py" line="191" />
      <source>Stop the download or the AI picture</source>
      <translation>停止下载或 AI 绘图</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/visuals_picker.py" line="198" />
      <source>Provider</source>
      <translation>来源</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/visuals_picker.py" line="198" />
      <source>Author</source>
      <translation>作者</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/visuals_picker.py" line="198" />
      <source>Licence</source>
      <translation>许可</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/visuals_picker.py" line="198" />
      <source>Source page</source>
      <translation>来源页面</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/visuals_picker.py" line="206" />
      <source>Scene</source>
      <translation>场景</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/visuals_picker.py" line="225" />
      <source>Credits of the stock and AI media in this project</source>
      <translation>本项目中素材库和 AI 素材的署名</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/visuals_picker.py" line="244" />
      <source>Scene {0}: {1}</source>
      <translation>场景 {0}：{1}</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/visuals_picker.py" line="254" />
      <source>The script has no scenes yet: write or generate one.</source>
      <translation>脚本还没有场景：请编写或生成一个。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/visuals_picker.py" line="279" />
      <source>Searching…</source>
      <translation>正在搜索…</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/visuals_picker.py" line="295" />
      <source>Finding visuals</source>
      <translation>正在查找画面</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/visuals_picker.py" line="324" />
      <source>The search failed: {0}</source>
      <translation>搜索失败：{0}</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/visuals_picker.py" line="332" />
      <source>No more candidates: back to the first ones.</source>
      <translation>没有更多候选素材了：回到第一批。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/visuals_picker.py" line="344" />
      <source>Nothing found for “{0}”.</source>
      <translation>没有找到“{0}”的结果。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/visuals_picker.py" line="350" />
      <source>{0} candidates; some sources failed: {1}</source>
      <translation>{0} 个候选素材；部分来源失败：{1}</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/visuals_picker.py" line="357" />
      <source>{0} candidates for “{1}” from {2}.</source>
      <translation>“{1}”共 {0} 个候选素材，来自 {2}。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/visuals_picker.py" line="366" />
      <source>AI image
AI-generated</source>
      <translation>AI 图片
AI 生成</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/visuals_picker.py" line="375" />
      <source>{0} · video {1} s</source>
      <translation>{0} · 视频 {1} 秒</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/visuals_picker.py" line="377" />
      <source>{0} · photo</source>
      <translation>{0} · 图片</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/visuals_picker.py" line="390" />
      <source>Prompt: {0}</source>
      <translation>提示词：{0}</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/visuals_picker.py" line="392" />
      <source>Provider: {0}</source>
      <translation>来源：{0}</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/visuals_picker.py" line="393" />
      <source>Author: {0}</source>
      <translation>作者：{0}</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/visuals_picker.py" line="393" />
      <source>unknown</source>
      <translation>未知</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/visuals_picker.py" line="394" />
      <source>Licence: {0}</source>
      <translation>许可：{0}</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/visuals_picker.py" line="394" />
      <source>not stated</source>
      <translation>未注明</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/visuals_picker.py" line="397" />
      <source>Source page: {0}</source>
      <translation>来源页面：{0}</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/visuals_picker.py" line="404" />
      <source>Loading previews</source>
      <translation>正在加载预览</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/visuals_picker.py" line="431" />
      <source>Choose a candidate first.</source>
      <translation>请先选择一个候选素材。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/visuals_picker.py" line="434" />
      <location filename="../../shortvid_desktop/qt/visuals_picker.py" line="499" />
      <source>A download is running: wait for it or cancel it.</source>
      <translation>正在下载：请等待完成或取消。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/visuals_picker.py" line="442" />
      <source>Downloading…</source>
      <translation>正在下载…</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/visuals_picker.py" line="444" />
      <source>Downloading a visual</source>
      <translation>正在下载画面</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/visuals_picker.py" line="470" />
      <source>The download failed: {0}</source>
      <translation>下载失败：{0}</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/visuals_picker.py" line="474" />
      <source>Download cancelled; nothing changed.</source>
      <translation>已取消下载；没有任何更改。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/visuals_picker.py" line="485" />
      <source>The scene now uses {0}'s {1} (Undo puts the previous one back).</source>
      <translation>此场景现在使用 {0} 的{1}（撤销可恢复之前的）。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/visuals_picker.py" line="486" />
      <source>unknown author</source>
      <translation>未知作者</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/visuals_picker.py" line="487" />
      <source>clip</source>
      <translation>视频片段</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/visuals_picker.py" line="487" />
      <source>picture</source>
      <translation>图片</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/visuals_picker.py" line="508" />
      <source>Asking the image model for a picture of this scene…</source>
      <translation>正在请图像模型为本场景画图…</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/visuals_picker.py" line="510" />
      <source>Generating an AI image</source>
      <translation>正在生成 AI 图片</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/visuals_picker.py" line="531" />
      <source>The AI image is ready under its own scene.</source>
      <translation>AI 图片已生成，位于其所属场景下。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/visuals_picker.py" line="536" />
      <source>The AI image is ready (first in the grid): Replace puts it in the video.</source>
      <translation>AI 图片已生成（网格第一项）：点“替换”即可用于视频。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/visuals_picker.py" line="542" />
      <source>No AI image: {0}</source>
      <translation>未生成 AI 图片：{0}</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/visuals_picker.py" line="546" />
      <source>AI image cancelled; nothing changed.</source>
      <translation>AI 图片已取消，未做任何更改。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/visuals_picker.py" line="574" />
      <source>Loading the preview…</source>
      <translation>正在加载预览…</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/visuals_picker.py" line="577" />
      <source>Loading a preview</source>
      <translation>正在加载预览</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/visuals_picker.py" line="604" />
      <source>No preview for this one.</source>
      <translation>此项没有预览。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/visuals_picker.py" line="653" />
      <source>Writing search queries</source>
      <translation>正在撰写搜索词</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/visuals_picker.py" line="720" />
      <source>AI-generated</source>
      <translation>AI 生成</translation>
    </message>
  </context>
  <context>
    <name>VoiceCatalog</name>
    <message>
      <location filename="../../shortvid_desktop/qt/voice_picker.py" line="89" />
      <source>Listing voices</source>
      <translation>正在列出配音</translation>
    </message>
  </context>
  <context>
    <name>VoiceDelegate</name>
    <message>
      <location filename="../../shortvid_desktop/qt/scenes_panel.py" line="201" />
      <source>(project voice)</source>
      <translation>（项目配音）</translation>
    </message>
  </context>
  <context>
    <name>VoicePicker</name>
    <message>
      <location filename="../../shortvid_desktop/qt/voice_picker.py" line="241" />
      <source>(default voice)</source>
      <translation>（默认配音）</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/voice_picker.py" line="247" />
      <source>Show the voices of one language</source>
      <translation>只显示一种语言的配音</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/voice_picker.py" line="260" />
      <location filename="../../shortvid_desktop/qt/voice_picker.py" line="307" />
      <source>Pick a voice, or type one as "engine:voice" (e.g. edge:zh-CN-YunxiNeural)</source>
      <translation>选择一个配音，或按“引擎:配音”输入（例如 edge:zh-CN-YunxiNeural）</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/voice_picker.py" line="263" />
      <source>Preview</source>
      <translation>试听</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/voice_picker.py" line="264" />
      <source>Speak a short sample with this voice</source>
      <translation>用这个配音朗读一小段示例</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/voice_picker.py" line="316" />
      <source>All languages</source>
      <translation>所有语言</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/voice_picker.py" line="427" />
      <source>Previewing a voice</source>
      <translation>正在试听配音</translation>
    </message>
  </context>
  <context>
    <name>WindowOps</name>
    <message>
      <location filename="../../shortvid_desktop/qt/window_ops.py" line="62" />
      <source>About ShortVid</source>
      <translation>关于 ShortVid</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/window_ops.py" line="66" />
      <source>&lt;b&gt;ShortVid Desktop {0}&lt;/b&gt;&lt;br&gt;Short vertical videos from an idea, made on your own computer.&lt;br&gt;GPL-3.0-or-later.</source>
      <translation>&lt;b&gt;ShortVid Desktop {0}&lt;/b&gt;&lt;br&gt;在你自己的电脑上，把一个想法做成竖屏短视频。&lt;br&gt;GPL-3.0-or-later。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/window_ops.py" line="88" />
      <source>The new language applies after the running jobs finish.</source>
      <translation>新语言将在当前任务完成后生效。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/window_ops.py" line="113" />
      <source>Select a scene in the script first.</source>
      <translation>请先在脚本中选择一个场景。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/window_ops.py" line="132" />
      <source>Where is {0} now?</source>
      <translation>{0} 现在在哪里？</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/window_ops.py" line="140" />
      <source>Cannot read {0}: {1}</source>
      <translation>无法读取 {0}：{1}</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/window_ops.py" line="145" />
      <source>{0} is not the same file as {1} (its content differs); relinked anyway.</source>
      <translation>{0} 与 {1} 内容不同，但仍已重新链接。</translation>
    </message>
  </context>
  <context>
    <name>view</name>
    <message>
      <location filename="../../shortvid_desktop/qt/timeline/audio.py" line="433" />
      <location filename="../../shortvid_desktop/qt/timeline/audio.py" line="472" />
      <source>There is no music on the timeline to find beats in.</source>
      <translation>时间线上没有可查找节拍的音乐。</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/timeline/audio.py" line="456" />
      <source>Finding beats</source>
      <translation>正在查找节拍</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/timeline/audio.py" line="497" />
      <source>Music</source>
      <translation>音乐</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/timeline/audio.py" line="501" />
      <source>Loop to the video (crossfade)</source>
      <translation>循环至视频结束（交叉淡化）</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/timeline/audio.py" line="502" />
      <source>Trim to the video (fade out)</source>
      <translation>裁剪至视频长度（淡出）</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/timeline/audio.py" line="512" />
      <source>Find beats</source>
      <translation>查找节拍</translation>
    </message>
    <message>
      <location filename="../../shortvid_desktop/qt/timeline/audio.py" line="516" />
      <source>Snap cuts to beats</source>
      <translation>剪辑点对齐节拍</translation>
    </message>
  </context>
</TS>
