PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE schema_version (
  version     INTEGER PRIMARY KEY,
  description TEXT NOT NULL,
  applied_at  TEXT NOT NULL
) STRICT;
INSERT INTO schema_version VALUES(1,'environments, sweeps, variants, samples, warmups','2026-12-01T20:15:02.873Z');
INSERT INTO schema_version VALUES(2,'baselines: history of lab baseline promote/reset','2026-12-01T20:15:02.874Z');
INSERT INTO schema_version VALUES(3,'each variant''s start-up cost (process start + model build), kept apart from its samples; the pid that runs a sweep','2026-12-01T20:15:02.875Z');
INSERT INTO schema_version VALUES(4,'profiles: `lab profile` results (time by model part and by kernel, per phase)','2026-12-01T20:15:02.875Z');
INSERT INTO schema_version VALUES(5,'which worker process (0, 1, ...) of its variant measured each sample and warm-up (lab sweep --processes); NULL before','2026-12-01T20:15:02.876Z');
INSERT INTO schema_version VALUES(6,'paired rounds (samples.block), foreign load per sample and its re-runs, calibrations (`lab calibrate`)','2026-12-01T20:15:02.879Z');
INSERT INTO schema_version VALUES(7,'parameters: each variant''s parameter values (variant_params) and the parametrized variant it is a point of; the memory block of a grid each sample was measured in','2026-12-01T20:15:02.880Z');
INSERT INTO schema_version VALUES(8,'sweeps spread over devices: the device each sample ran on, and a key that makes a sample delivered twice land once','2026-12-01T20:15:02.881Z');
CREATE TABLE environments (
  id                 INTEGER PRIMARY KEY,
  lab_version        TEXT    NOT NULL,
  git_sha            TEXT,
  git_dirty          INTEGER CHECK (git_dirty IN (0, 1)),
  backend            TEXT    NOT NULL,
  device             TEXT    NOT NULL,
  tfjs_version       TEXT    NOT NULL,
  node_version       TEXT    NOT NULL,
  cpu_model          TEXT    NOT NULL,
  cpu_cores          INTEGER NOT NULL CHECK (cpu_cores >= 0),
  total_memory_bytes INTEGER NOT NULL CHECK (total_memory_bytes >= 0),
  os                 TEXT    NOT NULL,
  command_line       TEXT    NOT NULL,
  json               TEXT    NOT NULL CHECK (json_valid(json))
) STRICT;
INSERT INTO environments VALUES(1,'0.1.0',NULL,NULL,'webgpu','WebGPU nvidia nvidia-h200','4.22.0','v20.20.2','Intel(R) Xeon(R) Processor',16,135128870912,'Linux 6.18.44-fc-v973-gpu x64','lab sweep wgsl-recorded-step-kv-split@keysPerSplit=16,tiling=shaped+wgsl-argmax-wide+fused-qkv --baseline wgsl-recorded-step-kv-split@keysPerSplit=16+wgsl-argmax-wide+fused-qkv --model gemma-7b --weights-dtype bf16 --backend webgpu --no-git --db /tmp/tmp.i5d7L0IkHh/shaped.db','{"labVersion":"0.1.0","gitSha":null,"gitDirty":null,"sourceTree":null,"backend":"webgpu","device":"WebGPU nvidia nvidia-h200","tfjsVersion":"4.22.0","nodeVersion":"v20.20.2","hostname":"vm","cpuModel":"Intel(R) Xeon(R) Processor","cpuCores":16,"totalMemoryBytes":135128870912,"os":"Linux 6.18.44-fc-v973-gpu x64","commandLine":"lab sweep wgsl-recorded-step-kv-split@keysPerSplit=16,tiling=shaped+wgsl-argmax-wide+fused-qkv --baseline wgsl-recorded-step-kv-split@keysPerSplit=16+wgsl-argmax-wide+fused-qkv --model gemma-7b --weights-dtype bf16 --backend webgpu --no-git --db /tmp/tmp.i5d7L0IkHh/shaped.db"}');
INSERT INTO environments VALUES(2,'0.1.0',NULL,NULL,'webgpu','WebGPU nvidia nvidia-h200','4.22.0','v20.20.2','Intel(R) Xeon(R) Processor',16,135128870912,'Linux 6.18.44-fc-v973-gpu x64','lab sweep wgsl-recorded-step-shaped+wgsl-argmax-wide+fused-qkv wgsl-recorded-step-kv-split@keysPerSplit=4,tiling=shaped+wgsl-argmax-wide+fused-qkv --baseline wgsl-recorded-step-kv-split+wgsl-argmax-wide+fused-qkv --model gemma-2b --backend webgpu --no-git --db /tmp/tmp.i5d7L0IkHh/shaped.db --weights-dtype bf16','{"labVersion":"0.1.0","gitSha":null,"gitDirty":null,"sourceTree":null,"backend":"webgpu","device":"WebGPU nvidia nvidia-h200","tfjsVersion":"4.22.0","nodeVersion":"v20.20.2","hostname":"vm","cpuModel":"Intel(R) Xeon(R) Processor","cpuCores":16,"totalMemoryBytes":135128870912,"os":"Linux 6.18.44-fc-v973-gpu x64","commandLine":"lab sweep wgsl-recorded-step-shaped+wgsl-argmax-wide+fused-qkv wgsl-recorded-step-kv-split@keysPerSplit=4,tiling=shaped+wgsl-argmax-wide+fused-qkv --baseline wgsl-recorded-step-kv-split+wgsl-argmax-wide+fused-qkv --model gemma-2b --backend webgpu --no-git --db /tmp/tmp.i5d7L0IkHh/shaped.db --weights-dtype bf16"}');
INSERT INTO environments VALUES(3,'0.1.0',NULL,NULL,'webgpu','WebGPU nvidia nvidia-h200','4.22.0','v20.20.2','Intel(R) Xeon(R) Processor',16,135128870912,'Linux 6.18.44-fc-v973-gpu x64','lab sweep wgsl-recorded-step-shaped+wgsl-argmax-wide+fused-qkv wgsl-recorded-step-kv-split@keysPerSplit=4,tiling=shaped+wgsl-argmax-wide+fused-qkv --baseline wgsl-recorded-step-kv-split+wgsl-argmax-wide+fused-qkv --model gemma-2b --backend webgpu --no-git --db /tmp/tmp.i5d7L0IkHh/shaped.db --weights-dtype f32','{"labVersion":"0.1.0","gitSha":null,"gitDirty":null,"sourceTree":null,"backend":"webgpu","device":"WebGPU nvidia nvidia-h200","tfjsVersion":"4.22.0","nodeVersion":"v20.20.2","hostname":"vm","cpuModel":"Intel(R) Xeon(R) Processor","cpuCores":16,"totalMemoryBytes":135128870912,"os":"Linux 6.18.44-fc-v973-gpu x64","commandLine":"lab sweep wgsl-recorded-step-shaped+wgsl-argmax-wide+fused-qkv wgsl-recorded-step-kv-split@keysPerSplit=4,tiling=shaped+wgsl-argmax-wide+fused-qkv --baseline wgsl-recorded-step-kv-split+wgsl-argmax-wide+fused-qkv --model gemma-2b --backend webgpu --no-git --db /tmp/tmp.i5d7L0IkHh/shaped.db --weights-dtype f32"}');
CREATE TABLE sweeps (
  id             TEXT    PRIMARY KEY NOT NULL CHECK (length(id) > 0),
  created_at     TEXT    NOT NULL,
  finished_at    TEXT,
  status         TEXT    NOT NULL DEFAULT 'running'
                 CHECK (status IN ('running', 'completed', 'interrupted', 'failed')),
  environment_id INTEGER NOT NULL REFERENCES environments (id),
  baseline       TEXT    NOT NULL,
  model          TEXT    NOT NULL,
  backend        TEXT    NOT NULL,
  prompt_len     INTEGER NOT NULL CHECK (prompt_len >= 0),
  gen_len        INTEGER NOT NULL CHECK (gen_len >= 0),
  runs           INTEGER NOT NULL CHECK (runs >= 0),
  warmup         INTEGER NOT NULL CHECK (warmup >= 0),
  seed           INTEGER NOT NULL,
  experiment     TEXT,
  settings_json  TEXT    NOT NULL CHECK (json_valid(settings_json)), owner_pid INTEGER,
  -- a sweep has finished exactly when it is no longer running
  CHECK ((status = 'running') = (finished_at IS NULL))
) STRICT;
INSERT INTO sweeps VALUES('20261201-201458-d73e','2026-12-01T20:15:02.881Z','2026-12-01T20:15:42.906Z','completed',1,'wgsl-recorded-step-kv-split@keysPerSplit=16+wgsl-argmax-wide+fused-qkv','gemma-7b','webgpu',64,64,10,1,1,NULL,'{"model":"gemma-7b","modelConfig":{"vocabSize":256000,"hidden":3072,"intermediate":24576,"layers":28,"heads":16,"kvHeads":16,"headDim":256,"ropeTheta":10000,"rmsEps":0.000001,"maxSeq":8192},"backend":"webgpu","promptLen":64,"genLen":64,"runs":10,"warmup":1,"seed":1,"inProcess":false,"processes":4,"variants":["wgsl-recorded-step-kv-split@keysPerSplit=16+wgsl-argmax-wide+fused-qkv","wgsl-recorded-step-kv-split@keysPerSplit=16,tiling=shaped+wgsl-argmax-wide+fused-qkv"],"baseline":"wgsl-recorded-step-kv-split@keysPerSplit=16+wgsl-argmax-wide+fused-qkv","experiment":null,"noiseThresholdPct":1,"correction":"none","git":false,"stat":"robust","paired":true,"loadThreshold":0.1,"allowConcurrent":false,"weightsDtype":"bf16"}',529);
INSERT INTO sweeps VALUES('20261201-201546-c9cf','2026-12-01T20:15:49.927Z','2026-12-01T20:16:22.216Z','completed',2,'wgsl-recorded-step-kv-split+wgsl-argmax-wide+fused-qkv','gemma-2b','webgpu',64,64,10,1,1,NULL,'{"model":"gemma-2b","modelConfig":{"vocabSize":256000,"hidden":2048,"intermediate":16384,"layers":18,"heads":8,"kvHeads":1,"headDim":256,"ropeTheta":10000,"rmsEps":0.000001,"maxSeq":8192},"backend":"webgpu","promptLen":64,"genLen":64,"runs":10,"warmup":1,"seed":1,"inProcess":false,"processes":4,"variants":["wgsl-recorded-step-kv-split+wgsl-argmax-wide+fused-qkv","wgsl-recorded-step-shaped+wgsl-argmax-wide+fused-qkv","wgsl-recorded-step-kv-split@keysPerSplit=4,tiling=shaped+wgsl-argmax-wide+fused-qkv"],"baseline":"wgsl-recorded-step-kv-split+wgsl-argmax-wide+fused-qkv","experiment":null,"noiseThresholdPct":1,"correction":"none","git":false,"stat":"robust","paired":true,"loadThreshold":0.1,"allowConcurrent":false,"weightsDtype":"bf16"}',747);
INSERT INTO sweeps VALUES('20261201-201625-22da','2026-12-01T20:16:30.304Z','2026-12-01T20:17:10.619Z','completed',3,'wgsl-recorded-step-kv-split+wgsl-argmax-wide+fused-qkv','gemma-2b','webgpu',64,64,10,1,1,NULL,'{"model":"gemma-2b","modelConfig":{"vocabSize":256000,"hidden":2048,"intermediate":16384,"layers":18,"heads":8,"kvHeads":1,"headDim":256,"ropeTheta":10000,"rmsEps":0.000001,"maxSeq":8192},"backend":"webgpu","promptLen":64,"genLen":64,"runs":10,"warmup":1,"seed":1,"inProcess":false,"processes":4,"variants":["wgsl-recorded-step-kv-split+wgsl-argmax-wide+fused-qkv","wgsl-recorded-step-shaped+wgsl-argmax-wide+fused-qkv","wgsl-recorded-step-kv-split@keysPerSplit=4,tiling=shaped+wgsl-argmax-wide+fused-qkv"],"baseline":"wgsl-recorded-step-kv-split+wgsl-argmax-wide+fused-qkv","experiment":null,"noiseThresholdPct":1,"correction":"none","git":false,"stat":"robust","paired":true,"loadThreshold":0.1,"allowConcurrent":false,"weightsDtype":"f32"}',997);
CREATE TABLE variants (
  id          INTEGER PRIMARY KEY,
  sweep_id    TEXT    NOT NULL REFERENCES sweeps (id) ON DELETE CASCADE,
  name        TEXT    NOT NULL CHECK (length(name) > 0),
  description TEXT    NOT NULL DEFAULT '',
  is_baseline INTEGER NOT NULL CHECK (is_baseline IN (0, 1)),
  slots_json  TEXT    NOT NULL CHECK (json_valid(slots_json)),
  commit_sha  TEXT,
  branch      TEXT, startup_s REAL CHECK (startup_s IS NULL OR startup_s >= 0), load_s REAL CHECK (load_s IS NULL OR load_s >= 0), point_of TEXT CHECK (point_of IS NULL OR length(point_of) > 0),
  UNIQUE (sweep_id, name),
  UNIQUE (sweep_id, id)
) STRICT;
INSERT INTO variants VALUES(1,'20261201-201458-d73e','wgsl-recorded-step-kv-split@keysPerSplit=16+wgsl-argmax-wide+fused-qkv','combination of wgsl-recorded-step-kv-split@keysPerSplit=16 and wgsl-argmax-wide and fused-qkv',1,'{"execution":"wgsl-recorded-kv-split-k16-paired-norms-folded-rope-in-attention-subgroups","prefill":"scan","generation":"wgsl-argmax-wide","qkvProjection":"fused","attentionCore":"in wgsl-recorded-kv-split-k16-paired-norms-folded-rope-in-attention-subgroups","groupMapping":"in wgsl-recorded-kv-split-k16-paired-norms-folded-rope-in-attention-subgroups","kvCache":"in wgsl-recorded-kv-split-k16-paired-norms-folded-rope-in-attention-subgroups","linear":"wgsl-matvec","norm":"in wgsl-recorded-kv-split-k16-paired-norms-folded-rope-in-attention-subgroups","rope":"in wgsl-recorded-kv-split-k16-paired-norms-folded-rope-in-attention-subgroups","mlpActivation":"in wgsl-recorded-kv-split-k16-paired-norms-folded-rope-in-attention-subgroups"}',NULL,NULL,1.6163980347499999901,0.55055630749999995288,NULL);
INSERT INTO variants VALUES(2,'20261201-201458-d73e','wgsl-recorded-step-kv-split@keysPerSplit=16,tiling=shaped+wgsl-argmax-wide+fused-qkv','combination of wgsl-recorded-step-kv-split@keysPerSplit=16,tiling=shaped and wgsl-argmax-wide and fused-qkv',0,'{"execution":"wgsl-recorded-kv-split-k16-shaped-norms-folded-rope-in-attention-subgroups","prefill":"scan","generation":"wgsl-argmax-wide","qkvProjection":"fused","attentionCore":"in wgsl-recorded-kv-split-k16-shaped-norms-folded-rope-in-attention-subgroups","groupMapping":"in wgsl-recorded-kv-split-k16-shaped-norms-folded-rope-in-attention-subgroups","kvCache":"in wgsl-recorded-kv-split-k16-shaped-norms-folded-rope-in-attention-subgroups","linear":"wgsl-matvec","norm":"in wgsl-recorded-kv-split-k16-shaped-norms-folded-rope-in-attention-subgroups","rope":"in wgsl-recorded-kv-split-k16-shaped-norms-folded-rope-in-attention-subgroups","mlpActivation":"in wgsl-recorded-kv-split-k16-shaped-norms-folded-rope-in-attention-subgroups"}',NULL,NULL,1.7897618692499999148,0.56208947850000001711,NULL);
INSERT INTO variants VALUES(3,'20261201-201546-c9cf','wgsl-recorded-step-kv-split+wgsl-argmax-wide+fused-qkv','combination of wgsl-recorded-step-kv-split and wgsl-argmax-wide and fused-qkv',1,'{"execution":"wgsl-recorded-kv-split-k8-paired-norms-folded-rope-in-attention-subgroups","prefill":"scan","generation":"wgsl-argmax-wide","qkvProjection":"fused","attentionCore":"in wgsl-recorded-kv-split-k8-paired-norms-folded-rope-in-attention-subgroups","groupMapping":"in wgsl-recorded-kv-split-k8-paired-norms-folded-rope-in-attention-subgroups","kvCache":"in wgsl-recorded-kv-split-k8-paired-norms-folded-rope-in-attention-subgroups","linear":"wgsl-matvec","norm":"in wgsl-recorded-kv-split-k8-paired-norms-folded-rope-in-attention-subgroups","rope":"in wgsl-recorded-kv-split-k8-paired-norms-folded-rope-in-attention-subgroups","mlpActivation":"in wgsl-recorded-kv-split-k8-paired-norms-folded-rope-in-attention-subgroups"}',NULL,NULL,1.230455104500000063,0.23296501800000002369,NULL);
INSERT INTO variants VALUES(4,'20261201-201546-c9cf','wgsl-recorded-step-shaped+wgsl-argmax-wide+fused-qkv','combination of wgsl-recorded-step-shaped and wgsl-argmax-wide and fused-qkv',0,'{"execution":"wgsl-recorded-kv-split-k8-shaped-norms-folded-rope-in-attention-subgroups","prefill":"scan","generation":"wgsl-argmax-wide","qkvProjection":"fused","attentionCore":"in wgsl-recorded-kv-split-k8-shaped-norms-folded-rope-in-attention-subgroups","groupMapping":"in wgsl-recorded-kv-split-k8-shaped-norms-folded-rope-in-attention-subgroups","kvCache":"in wgsl-recorded-kv-split-k8-shaped-norms-folded-rope-in-attention-subgroups","linear":"wgsl-matvec","norm":"in wgsl-recorded-kv-split-k8-shaped-norms-folded-rope-in-attention-subgroups","rope":"in wgsl-recorded-kv-split-k8-shaped-norms-folded-rope-in-attention-subgroups","mlpActivation":"in wgsl-recorded-kv-split-k8-shaped-norms-folded-rope-in-attention-subgroups"}',NULL,NULL,1.1604405765000000982,0.21267734174999997076,NULL);
INSERT INTO variants VALUES(5,'20261201-201546-c9cf','wgsl-recorded-step-kv-split@keysPerSplit=4,tiling=shaped+wgsl-argmax-wide+fused-qkv','combination of wgsl-recorded-step-kv-split@keysPerSplit=4,tiling=shaped and wgsl-argmax-wide and fused-qkv',0,'{"execution":"wgsl-recorded-kv-split-k4-shaped-norms-folded-rope-in-attention-subgroups","prefill":"scan","generation":"wgsl-argmax-wide","qkvProjection":"fused","attentionCore":"in wgsl-recorded-kv-split-k4-shaped-norms-folded-rope-in-attention-subgroups","groupMapping":"in wgsl-recorded-kv-split-k4-shaped-norms-folded-rope-in-attention-subgroups","kvCache":"in wgsl-recorded-kv-split-k4-shaped-norms-folded-rope-in-attention-subgroups","linear":"wgsl-matvec","norm":"in wgsl-recorded-kv-split-k4-shaped-norms-folded-rope-in-attention-subgroups","rope":"in wgsl-recorded-kv-split-k4-shaped-norms-folded-rope-in-attention-subgroups","mlpActivation":"in wgsl-recorded-kv-split-k4-shaped-norms-folded-rope-in-attention-subgroups"}',NULL,NULL,1.1834653509999999432,0.20053437700000006915,NULL);
INSERT INTO variants VALUES(6,'20261201-201625-22da','wgsl-recorded-step-kv-split+wgsl-argmax-wide+fused-qkv','combination of wgsl-recorded-step-kv-split and wgsl-argmax-wide and fused-qkv',1,'{"execution":"wgsl-recorded-kv-split-k8-paired-norms-folded-rope-in-attention-subgroups","prefill":"scan","generation":"wgsl-argmax-wide","qkvProjection":"fused","attentionCore":"in wgsl-recorded-kv-split-k8-paired-norms-folded-rope-in-attention-subgroups","groupMapping":"in wgsl-recorded-kv-split-k8-paired-norms-folded-rope-in-attention-subgroups","kvCache":"in wgsl-recorded-kv-split-k8-paired-norms-folded-rope-in-attention-subgroups","linear":"wgsl-matvec","norm":"in wgsl-recorded-kv-split-k8-paired-norms-folded-rope-in-attention-subgroups","rope":"in wgsl-recorded-kv-split-k8-paired-norms-folded-rope-in-attention-subgroups","mlpActivation":"in wgsl-recorded-kv-split-k8-paired-norms-folded-rope-in-attention-subgroups"}',NULL,NULL,1.5386532184999999195,0.38267266475000005776,NULL);
INSERT INTO variants VALUES(7,'20261201-201625-22da','wgsl-recorded-step-shaped+wgsl-argmax-wide+fused-qkv','combination of wgsl-recorded-step-shaped and wgsl-argmax-wide and fused-qkv',0,'{"execution":"wgsl-recorded-kv-split-k8-shaped-norms-folded-rope-in-attention-subgroups","prefill":"scan","generation":"wgsl-argmax-wide","qkvProjection":"fused","attentionCore":"in wgsl-recorded-kv-split-k8-shaped-norms-folded-rope-in-attention-subgroups","groupMapping":"in wgsl-recorded-kv-split-k8-shaped-norms-folded-rope-in-attention-subgroups","kvCache":"in wgsl-recorded-kv-split-k8-shaped-norms-folded-rope-in-attention-subgroups","linear":"wgsl-matvec","norm":"in wgsl-recorded-kv-split-k8-shaped-norms-folded-rope-in-attention-subgroups","rope":"in wgsl-recorded-kv-split-k8-shaped-norms-folded-rope-in-attention-subgroups","mlpActivation":"in wgsl-recorded-kv-split-k8-shaped-norms-folded-rope-in-attention-subgroups"}',NULL,NULL,1.5555090107500000318,0.40048521749999993479,NULL);
INSERT INTO variants VALUES(8,'20261201-201625-22da','wgsl-recorded-step-kv-split@keysPerSplit=4,tiling=shaped+wgsl-argmax-wide+fused-qkv','combination of wgsl-recorded-step-kv-split@keysPerSplit=4,tiling=shaped and wgsl-argmax-wide and fused-qkv',0,'{"execution":"wgsl-recorded-kv-split-k4-shaped-norms-folded-rope-in-attention-subgroups","prefill":"scan","generation":"wgsl-argmax-wide","qkvProjection":"fused","attentionCore":"in wgsl-recorded-kv-split-k4-shaped-norms-folded-rope-in-attention-subgroups","groupMapping":"in wgsl-recorded-kv-split-k4-shaped-norms-folded-rope-in-attention-subgroups","kvCache":"in wgsl-recorded-kv-split-k4-shaped-norms-folded-rope-in-attention-subgroups","linear":"wgsl-matvec","norm":"in wgsl-recorded-kv-split-k4-shaped-norms-folded-rope-in-attention-subgroups","rope":"in wgsl-recorded-kv-split-k4-shaped-norms-folded-rope-in-attention-subgroups","mlpActivation":"in wgsl-recorded-kv-split-k4-shaped-norms-folded-rope-in-attention-subgroups"}',NULL,NULL,1.5289411807499999618,0.3740735422500000018,NULL);
CREATE TABLE samples (
  id         INTEGER PRIMARY KEY,
  sweep_id   TEXT    NOT NULL,
  variant_id INTEGER NOT NULL,
  round                   INTEGER NOT NULL CHECK (round >= 0),
  prefill_s               REAL    NOT NULL CHECK (prefill_s >= 0),
  generation_s            REAL    NOT NULL CHECK (generation_s >= 0),
  total_s                 REAL    NOT NULL CHECK (total_s >= 0),
  prefill_tokens_per_s    REAL    NOT NULL CHECK (prefill_tokens_per_s >= 0),
  generation_tokens_per_s REAL    NOT NULL CHECK (generation_tokens_per_s >= 0),
  peak_memory_bytes       INTEGER NOT NULL CHECK (peak_memory_bytes >= 0),
  harness_s               REAL    NOT NULL CHECK (harness_s >= 0),
  commit_sha              TEXT,
  recorded_at             TEXT    NOT NULL, process INTEGER CHECK (process IS NULL OR process >= 0), block INTEGER CHECK (block IS NULL OR block >= 0), foreign_cpu_s REAL CHECK (foreign_cpu_s IS NULL OR foreign_cpu_s >= 0), foreign_load REAL CHECK (foreign_load IS NULL OR foreign_load >= 0), load_flagged INTEGER NOT NULL DEFAULT 0 CHECK (load_flagged IN (0, 1)), superseded INTEGER NOT NULL DEFAULT 0 CHECK (superseded IN (0, 1)), grid_block INTEGER CHECK (grid_block IS NULL OR grid_block >= 0), device TEXT CHECK (device IS NULL OR length(device) > 0), sample_key TEXT CHECK (sample_key IS NULL OR length(sample_key) > 0),
  FOREIGN KEY (sweep_id) REFERENCES sweeps (id) ON DELETE CASCADE,
  -- the variant must belong to the same sweep as the sample
  FOREIGN KEY (sweep_id, variant_id) REFERENCES variants (sweep_id, id) ON DELETE CASCADE
) STRICT;
INSERT INTO samples VALUES(1,'20261201-201458-d73e',2,0,0.33728774700000030417,0.33878609200000026069,0.67607383900000062038,189.74896233037466686,188.90976197452624773,17196807460,0.022303480999999014677,NULL,'2026-12-01T20:15:06.002Z',0,0,0.098675000000001844568,0.14129181629208964476,1,1,NULL,NULL,NULL);
INSERT INTO samples VALUES(2,'20261201-201458-d73e',1,0,0.38736753199999929275,0.39250526800000079541,0.77987280000000014368,165.21777049708987305,163.05513637080628086,17196807460,0.022565057999999194038,NULL,'2026-12-01T20:15:06.806Z',0,0,0.0016829999999998790372,0.0,0,1,NULL,NULL,NULL);
INSERT INTO samples VALUES(3,'20261201-201458-d73e',2,0,0.33744244100000103658,0.33172275899999842385,0.66916519999999946044,189.66197556637459342,192.93219492365400924,17196807460,0.029108857999999626642,NULL,'2026-12-01T20:15:07.506Z',0,3,0.035731000000000179284,0.051170453191890202804,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(4,'20261201-201458-d73e',1,0,0.38520841599999949833,0.3797248850000005671,0.76493330100000000992,166.14382589190387307,168.54307560064151517,17196807460,0.027342591999999998897,NULL,'2026-12-01T20:15:08.300Z',0,3,0.0086339999999971439592,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(5,'20261201-201458-d73e',1,1,0.38597055199999974473,0.46157249800000044182,0.84754305000000018655,165.81575891831261061,138.65644135496117427,17196807460,0.023140004999999352897,NULL,'2026-12-01T20:15:09.172Z',0,1,0.018737000000003334321,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(6,'20261201-201458-d73e',2,1,0.33697983800000108622,0.39018305100000000296,0.72716288900000103367,189.9223418820677125,164.02557680548764551,17196807460,0.053396052999998611099,NULL,'2026-12-01T20:15:09.954Z',0,1,0.0,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(7,'20261201-201458-d73e',2,2,0.3385190519999996539,0.33325807200000051588,0.6717771240000002253,189.05878301939728203,192.04336031806576556,17196807460,0.023758386999999769884,NULL,'2026-12-01T20:15:10.650Z',0,2,0.0092360000000013542376,0.0,0,1,NULL,NULL,NULL);
INSERT INTO samples VALUES(8,'20261201-201458-d73e',1,2,0.38467241599999940637,0.37897013499999959718,0.76364255099999900355,166.37532959992665837,168.87874291202410859,17196807460,0.013823118000000245153,NULL,'2026-12-01T20:15:11.428Z',0,2,0.11876700000000184331,0.15276172921276856553,1,1,NULL,NULL,NULL);
INSERT INTO samples VALUES(9,'20261201-201458-d73e',2,2,0.33704137799999989155,0.3320311409999994745,0.66907251899999942157,189.88766417872886905,192.75300445388072034,17196807460,0.014745047000000344183,NULL,'2026-12-01T20:15:12.114Z',0,4,0.028844000000002978367,0.042180840964244820101,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(10,'20261201-201458-d73e',1,2,0.38431492400000022424,0.37838270999999984445,0.76269763400000012421,166.53009290890813076,169.14092084175840113,17196807460,0.013381999999999560913,NULL,'2026-12-01T20:15:12.891Z',0,4,0.0088619999999934861989,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(11,'20261201-201458-d73e',2,3,0.35322770300000000398,0.33311021600000001452,0.68633791900000007402,181.18624178240062861,192.12860166378084159,17196807460,0.033294111000000570221,NULL,'2026-12-01T20:15:19.350Z',1,5,0.0,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(12,'20261201-201458-d73e',1,3,0.38418476999999984222,0.37883066899999995325,0.76301543899999979547,166.58650992333721773,168.94091539352112363,17196807460,0.018872525999998335244,NULL,'2026-12-01T20:15:20.133Z',1,5,0.0,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(13,'20261201-201458-d73e',2,4,0.33830087300000011296,0.34043328800000016709,0.67873416100000028006,189.18071192798836932,187.99571679958620506,17196807460,0.018524008000000313778,NULL,'2026-12-01T20:15:20.831Z',1,6,0.0,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(14,'20261201-201458-d73e',1,4,0.38485821399999986525,0.44682436199999936432,0.83168257599999928508,166.29500858204372092,143.23301378092739354,17196807460,0.014943964000001863645,NULL,'2026-12-01T20:15:21.679Z',1,6,0.069149000000001237253,0.081675918168123029516,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(15,'20261201-201458-d73e',1,5,0.38503819500000008302,0.42836770800000023573,0.81340590300000026324,166.21727618476910492,149.40435239343477746,17196807460,0.065162169000001601837,NULL,'2026-12-01T20:15:28.449Z',2,7,0.1087180000000014246,0.12374453780514936551,1,1,NULL,NULL,NULL);
INSERT INTO samples VALUES(16,'20261201-201458-d73e',2,5,0.33804324099999938368,0.33392511800000013177,0.67196835899999951546,189.32489172295007051,191.65973612083885769,17196807460,0.024964910999998202179,NULL,'2026-12-01T20:15:29.147Z',2,7,0.010978999999995409098,0.0,0,1,NULL,NULL,NULL);
INSERT INTO samples VALUES(17,'20261201-201458-d73e',1,5,0.38605637399999975789,0.3794991110000001111,0.76555548499999981348,165.77889735865375086,168.64334630812871295,17196807460,0.021114345999999395431,NULL,'2026-12-01T20:15:29.934Z',2,10,0.0,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(18,'20261201-201458-d73e',2,5,0.33740301699999963869,0.33984184299999925515,0.67724485999999883834,189.68413670112519753,188.32289583599080628,17196807460,0.015685988000001094277,NULL,'2026-12-01T20:15:30.628Z',2,10,0.0093529999999990565129,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(19,'20261201-201458-d73e',2,6,0.33723025299999970227,0.3454554159999988494,0.68268566899999860719,189.78131241386594752,185.26269103275606653,17196807460,0.017876758000005765758,NULL,'2026-12-01T20:15:31.330Z',2,8,0.0089759999999952100324,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(20,'20261201-201458-d73e',1,6,0.38621763499999994806,0.37969747199999981379,0.76591510699999976186,165.70967817147968048,168.55524389690967269,17196807460,0.020512867000005874373,NULL,'2026-12-01T20:15:32.117Z',2,8,0.018717000000004091475,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(21,'20261201-201458-d73e',2,7,0.33697687299999962151,0.38885786600000027402,0.72583473899999995104,189.92401297521706737,164.58455799888577075,17196807460,0.016504864000000396551,NULL,'2026-12-01T20:15:32.860Z',2,9,0.0,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(22,'20261201-201458-d73e',1,7,0.3851968370000013464,0.37919169599999985598,0.76438853300000120238,166.14882016801132635,168.78006737784684788,17196807460,0.014710542999997411328,NULL,'2026-12-01T20:15:33.641Z',2,9,0.0093570000000013919816,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(23,'20261201-201458-d73e',1,8,0.38591105900000000072,0.38058967299999951761,0.76650073199999946282,165.84132148438897047,168.16010664587864198,17196807460,0.024705002000003362105,NULL,'2026-12-01T20:15:40.717Z',3,11,0.039343000000009453742,0.049725372693026154147,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(24,'20261201-201458-d73e',2,8,0.33820871900000021303,0.33313765800000055827,0.67134637700000077131,189.23225926650329143,192.11277519397069114,17196807460,0.031837517000000814526,NULL,'2026-12-01T20:15:41.421Z',3,11,0.038820999999996885776,0.055207464692012410412,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(25,'20261201-201458-d73e',2,9,0.33768567099999929892,0.33194230400000013236,0.66962797499999937578,189.52536484735870203,192.80459052305661771,17196807460,0.025330166999996461818,NULL,'2026-12-01T20:15:42.117Z',3,12,0.0088699999999963807795,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(26,'20261201-201458-d73e',1,9,0.38633180500000069423,0.38065196199999989934,0.76698376700000059358,165.66070712195153191,168.13258931790298334,17196807460,0.020028947999996549178,NULL,'2026-12-01T20:15:42.906Z',3,12,0.0,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(27,'20261201-201546-c9cf',4,0,0.13156716699999923547,0.11919415000000026239,0.25076131699999948398,486.44355168033962398,536.93910313551339186,5020781860,0.018741006000000226539,NULL,'2026-12-01T20:15:52.648Z',0,0,0.0,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(28,'20261201-201546-c9cf',3,0,0.13513527299999986142,0.12072490000000016263,0.25586017300000002405,473.59951683377340715,530.13090091604897226,5020781860,0.017685489999999859378,NULL,'2026-12-01T20:15:52.922Z',0,0,0.0091130000000010369376,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(29,'20261201-201546-c9cf',5,0,0.1394857170000004809,0.11926930199999970227,0.25875501900000019706,458.82834010882834262,536.60077594819961177,5020913956,0.020560131999999564644,NULL,'2026-12-01T20:15:53.203Z',0,0,0.0,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(30,'20261201-201546-c9cf',5,1,0.12803435600000012684,0.11928876999999919739,0.24732312599999931035,499.86583288629134356,536.51320237437630567,5020913956,0.015462546999999188246,NULL,'2026-12-01T20:15:53.467Z',0,1,0.049086999999998326416,0.18679481053747784558,1,1,NULL,NULL,NULL);
INSERT INTO samples VALUES(31,'20261201-201546-c9cf',3,1,0.12815642900000057124,0.1179897459999992848,0.24614617499999985605,499.38969507335224306,542.42001673603385827,5020781860,0.018523338999999416909,NULL,'2026-12-01T20:15:53.732Z',0,1,0.045955000000002854676,0.17363163329798150802,1,1,NULL,NULL,NULL);
INSERT INTO samples VALUES(32,'20261201-201546-c9cf',4,1,0.1257152819999992066,0.11903310200000032093,0.24474838399999954141,509.08687457743127422,537.66556465948292498,5020781860,0.013311575000000630542,NULL,'2026-12-01T20:15:53.991Z',0,1,0.0,0.0,0,1,NULL,NULL,NULL);
INSERT INTO samples VALUES(33,'20261201-201546-c9cf',5,1,0.13029233599999950898,0.11927831400000013517,0.24957064999999967191,491.20310499306913242,536.56023340504236784,5020913956,0.016383641000000337406,NULL,'2026-12-01T20:15:54.259Z',0,3,0.037109000000004499497,0.1395314956584193522,1,1,NULL,NULL,NULL);
INSERT INTO samples VALUES(34,'20261201-201546-c9cf',3,1,0.12678205400000025493,0.11850675299999965939,0.24528880699999991432,504.80330599471017194,540.05361196589512927,5020781860,0.01964562500000008316,NULL,'2026-12-01T20:15:54.526Z',0,3,0.0,0.0,0,1,NULL,NULL,NULL);
INSERT INTO samples VALUES(35,'20261201-201546-c9cf',4,1,0.12547441999999955908,0.11898805999999967353,0.24446247999999923261,510.06412303001860664,537.86909375613129215,5020781860,0.010610816000001271897,NULL,'2026-12-01T20:15:54.782Z',0,3,0.0,0.0,0,1,NULL,NULL,NULL);
INSERT INTO samples VALUES(36,'20261201-201546-c9cf',5,1,0.1261241239999999486,0.11856971299999895241,0.24469383699999888714,507.43662647758031882,539.76684585548900942,5020913956,0.016134627999999789915,NULL,'2026-12-01T20:15:55.044Z',0,4,0.021249999999994884092,0.081471169183911701372,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(37,'20261201-201546-c9cf',3,1,0.12655997500000013,0.11852153199999974908,0.24508150699999986521,505.68910115540029437,539.9862701740991042,5020781860,0.015804734000000264515,NULL,'2026-12-01T20:15:55.306Z',0,4,0.0,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(38,'20261201-201546-c9cf',4,1,0.1247987309999998573,0.11841264399999999745,0.24321137499999986864,512.82572737057773794,540.48282208781688496,5020781860,0.011109441999999941641,NULL,'2026-12-01T20:15:55.562Z',0,4,0.0,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(39,'20261201-201546-c9cf',4,2,0.12530778199999895172,0.11854454100000111349,0.24385232300000006522,510.74242140843682589,539.88146109570243425,5020781860,0.01254000700000049151,NULL,'2026-12-01T20:15:55.819Z',0,2,0.0,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(40,'20261201-201546-c9cf',3,2,0.13022067800000058923,0.11834973399999944299,0.2485704120000000461,491.47340486124414839,540.7701212070345491,5020781860,0.016071413999999090149,NULL,'2026-12-01T20:15:56.085Z',0,2,0.01939000000001200874,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(41,'20261201-201546-c9cf',5,2,0.12959045300000071598,0.11927900799999952008,0.24886946100000023607,493.86354101254391936,536.5571115413724783,5020913956,0.016128348000000181095,NULL,'2026-12-01T20:15:56.351Z',0,2,0.0092359999999978015239,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(42,'20261201-201546-c9cf',4,3,0.12526335800000015785,0.11882928400000036806,0.24409264200000052591,510.92355355825537798,538.58777774003760898,5020781860,0.012495696000000833247,NULL,'2026-12-01T20:16:02.017Z',1,5,0.069383999999994117047,0.27040979547555954454,1,1,NULL,NULL,NULL);
INSERT INTO samples VALUES(43,'20261201-201546-c9cf',3,3,0.13762920500000017098,0.12181850600000052042,0.25944771100000069141,465.0175811158679835,525.3717362122281429,5020781860,0.019293347999999266306,NULL,'2026-12-01T20:16:02.297Z',1,5,0.009492000000005162974,0.0,0,1,NULL,NULL,NULL);
INSERT INTO samples VALUES(44,'20261201-201546-c9cf',5,3,0.14188296699999999872,0.12524150099999997731,0.26712446800000000379,451.07599138380015803,511.01271933813706025,5020913956,0.022425343000000763638,NULL,'2026-12-01T20:16:02.587Z',1,5,0.0,0.0,0,1,NULL,NULL,NULL);
INSERT INTO samples VALUES(45,'20261201-201546-c9cf',4,3,0.12581599699999970742,0.12643503300000066835,0.25225103000000037578,508.67935338937979848,506.18881872716133328,5020781860,0.018390491999997704564,NULL,'2026-12-01T20:16:02.859Z',1,7,0.0,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(46,'20261201-201546-c9cf',3,3,0.13142696100000011982,0.11797423299999991452,0.24940119400000002047,486.9624886175367351,542.49134215604556175,5020781860,0.017356467999999986018,NULL,'2026-12-01T20:16:03.127Z',1,7,0.0093629999999969015789,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(47,'20261201-201546-c9cf',5,3,0.1337041439999998027,0.11936770700000033651,0.25307185100000012534,478.66878381869821623,536.15841007987046396,5020913956,0.017983989000000755176,NULL,'2026-12-01T20:16:03.399Z',1,7,0.0,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(48,'20261201-201546-c9cf',4,4,0.1252918260000005779,0.11912453699999969725,0.24441636300000027515,510.80746480620138074,537.2528751150584867,5020781860,0.01296481700000004511,NULL,'2026-12-01T20:16:03.657Z',1,6,0.019385000000001539888,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(49,'20261201-201546-c9cf',3,4,0.12957392200000047988,0.119641755999999988,0.24921567800000046788,493.9265479669571164,534.93029640922361523,5020781860,0.017279557000001694033,NULL,'2026-12-01T20:16:03.924Z',1,6,0.0,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(50,'20261201-201546-c9cf',5,4,0.12599995899999977266,0.11958322299999962767,0.24558318199999940034,507.93667321748984023,535.1921314246581005,5020913956,0.014770940000001231418,NULL,'2026-12-01T20:16:04.186Z',1,6,0.0,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(51,'20261201-201546-c9cf',5,5,0.12544644999999990386,0.11907437300000037194,0.24452082300000030357,510.17784879524327836,537.47921057707185353,5020913956,0.020453936000000311201,NULL,'2026-12-01T20:16:09.816Z',2,8,0.0093769999999970821136,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(52,'20261201-201546-c9cf',3,5,0.13667357699999957421,0.1175403960000003245,0.25421397299999987096,468.26900564693789874,544.49365646173100686,5020781860,0.011412463999999122865,NULL,'2026-12-01T20:16:10.082Z',2,8,0.0,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(53,'20261201-201546-c9cf',4,5,0.14035073000000011789,0.12008160200000020378,0.26043233200000032168,456.0004782305011872,532.97090423560382534,5020781860,0.022305904000000709164,NULL,'2026-12-01T20:16:10.366Z',2,8,0.0093619999999976499793,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(54,'20261201-201546-c9cf',4,6,0.13199727500000016378,0.12028478399999995018,0.25228205900000011396,484.858494237853904,532.07062333004671471,5020781860,0.017290809999999490198,NULL,'2026-12-01T20:16:10.636Z',2,9,0.0,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(55,'20261201-201546-c9cf',3,6,0.12825049899999976799,0.11840037099999972669,0.24665086999999949468,499.0233995112963612,540.53884679128373137,5020781860,0.019665139000002468394,NULL,'2026-12-01T20:16:10.904Z',2,9,0.0094260000000030430555,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(56,'20261201-201546-c9cf',5,6,0.12560294700000032563,0.11888734799999929603,0.24449029499999960779,509.5421845476271869,538.32473410038869589,5020913956,0.011752348999998524226,NULL,'2026-12-01T20:16:11.161Z',2,9,0.0094219999999918258026,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(57,'20261201-201546-c9cf',4,7,0.12594331400000011167,0.11945110599999952949,0.24539441999999961341,508.16512578031688461,535.78407218766358256,5020781860,0.017412486999998699754,NULL,'2026-12-01T20:16:11.424Z',2,10,0.059398000000006945242,0.22601384673655980361,1,1,NULL,NULL,NULL);
INSERT INTO samples VALUES(58,'20261201-201546-c9cf',3,7,0.12772071400000004071,0.11944402799999988273,0.24716474199999993732,501.09334653421979057,535.81582161646508664,5020781860,0.01824402900000221539,NULL,'2026-12-01T20:16:11.691Z',2,10,0.028115000000001444391,0.1059309377533767249,1,1,NULL,NULL,NULL);
INSERT INTO samples VALUES(59,'20261201-201546-c9cf',5,7,0.12826859100000001512,0.11912535400000069663,0.24739394500000072563,498.95301336864292807,537.24919046200375304,5020913956,0.020653441999997967926,NULL,'2026-12-01T20:16:11.960Z',2,10,0.0093980000000062346998,0.0,0,1,NULL,NULL,NULL);
INSERT INTO samples VALUES(60,'20261201-201546-c9cf',4,7,0.13008460699999976895,0.11907269900000028162,0.24915730600000005057,491.98749549206934263,537.48676680285757357,5020781860,0.016663495000001610213,NULL,'2026-12-01T20:16:12.226Z',2,11,0.0,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(61,'20261201-201546-c9cf',3,7,0.12663421000000016358,0.1181850819999999691,0.24481929200000013269,505.39265811347439693,541.52350632544312249,5020781860,0.020179157000002279076,NULL,'2026-12-01T20:16:12.492Z',2,11,0.0,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(62,'20261201-201546-c9cf',5,7,0.12529057400000057076,0.11826530000000003151,0.24355587400000058839,510.81256918816342251,541.15619712629131755,5020913956,0.010544383999997991585,NULL,'2026-12-01T20:16:12.748Z',2,11,0.0094000000000047378989,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(63,'20261201-201546-c9cf',5,8,0.12611846499999956883,0.11939561500000035743,0.24551407999999991238,507.4593954184283575,536.03308630723006445,5020913956,0.015682070999996522431,NULL,'2026-12-01T20:16:18.460Z',3,12,0.029453999999997648728,0.11276582708907548213,1,1,NULL,NULL,NULL);
INSERT INTO samples VALUES(64,'20261201-201546-c9cf',3,8,0.12578197300000010239,0.11761358799999971358,0.24339556099999981597,508.81695105863815344,544.15481313264717753,5020781860,0.018248612000000774546,NULL,'2026-12-01T20:16:18.722Z',3,12,0.0,0.0,0,1,NULL,NULL,NULL);
INSERT INTO samples VALUES(65,'20261201-201546-c9cf',4,8,0.12570395700000061567,0.12046270899999944603,0.24616666600000008946,509.13273955250019755,531.28474804597237836,5020781860,0.013196680999998544603,NULL,'2026-12-01T20:16:18.983Z',3,12,0.029398999999994401832,0.11335063469856655749,1,1,NULL,NULL,NULL);
INSERT INTO samples VALUES(66,'20261201-201546-c9cf',5,8,0.12560101100000065077,0.11851610099999924929,0.24411711199999991395,509.55003857412953039,540.01101504343625948,5020913956,0.012616625000002379408,NULL,'2026-12-01T20:16:19.240Z',3,14,0.0093289999999974781985,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(67,'20261201-201546-c9cf',3,8,0.12575024800000028646,0.11765643599999975332,0.24340668400000003979,508.94531834243264254,543.95664339178290448,5020781860,0.01418754500000202201,NULL,'2026-12-01T20:16:19.499Z',3,14,0.0,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(68,'20261201-201546-c9cf',4,8,0.12570062799999959235,0.11913346199999978736,0.24483408999999936583,509.14622319945931393,537.21262628966587725,5020781860,0.011919704999997532413,NULL,'2026-12-01T20:16:19.757Z',3,14,0.0,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(69,'20261201-201546-c9cf',4,9,0.12555997300000035221,0.15726128799999969376,0.28282126100000004598,509.71657982118091468,406.96601696407395821,5020781860,0.013093267000001129751,NULL,'2026-12-01T20:16:20.054Z',3,13,0.0,0.0,0,1,NULL,NULL,NULL);
INSERT INTO samples VALUES(70,'20261201-201546-c9cf',3,9,0.12611844800000016064,0.11861724499999945492,0.24473569299999961557,507.4594638208671995,539.55055186115896503,5020781860,0.013365170000000065053,NULL,'2026-12-01T20:16:20.313Z',3,13,0.0,0.0,0,1,NULL,NULL,NULL);
INSERT INTO samples VALUES(71,'20261201-201546-c9cf',5,9,0.12451591999999982174,0.11858391200000005516,0.2430998319999998769,513.99050017058129924,539.70221525496617689,5020913956,0.013663757999995168601,NULL,'2026-12-01T20:16:20.571Z',3,13,0.049284999999997580744,0.19194699684639293657,1,1,NULL,NULL,NULL);
INSERT INTO samples VALUES(72,'20261201-201546-c9cf',4,9,0.12573707000000011735,0.12005782499999986812,0.24579489499999998547,508.99865886806446723,533.07645711556131116,5020781860,0.010947538999999811837,NULL,'2026-12-01T20:16:20.829Z',3,15,0.009264000000012373448,0.0,0,1,NULL,NULL,NULL);
INSERT INTO samples VALUES(73,'20261201-201546-c9cf',3,9,0.12634620499999982268,0.11824113200000010981,0.24458733699999993249,506.54469598038252796,541.26680722237961161,5020781860,0.015367776999996723974,NULL,'2026-12-01T20:16:21.090Z',3,15,0.0,0.0,0,1,NULL,NULL,NULL);
INSERT INTO samples VALUES(74,'20261201-201546-c9cf',5,9,0.12833072799999992175,0.11996319199999924687,0.24829391999999916862,498.71142319086698081,533.4969746386908582,5020913956,0.012807005000006921324,NULL,'2026-12-01T20:16:21.352Z',3,15,0.077670999999995160578,0.29747500894527029169,1,1,NULL,NULL,NULL);
INSERT INTO samples VALUES(75,'20261201-201546-c9cf',4,9,0.12738369000000057673,0.12001921899999978826,0.247402909000000365,502.41910875717064755,533.24792923373479426,5020781860,0.014619877000000974787,NULL,'2026-12-01T20:16:21.616Z',3,16,0.03927800000000303271,0.1499029935511136391,1,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(76,'20261201-201546-c9cf',3,9,0.12659588100000018773,0.15708529299999918205,0.28368117399999936978,505.54567411241367836,407.42197297872013452,5020781860,0.026679558000001657447,NULL,'2026-12-01T20:16:21.927Z',3,16,0.0,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(77,'20261201-201546-c9cf',5,9,0.13856188099999963703,0.11926504500000009723,0.25782692599999973426,461.8874941514410466,536.61992916700739899,5020913956,0.029133443000000647238,NULL,'2026-12-01T20:16:22.215Z',3,16,0.0,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(78,'20261201-201625-22da',7,0,0.19418123899999956138,0.19082757800000035852,0.38500881699999989216,329.58899803909554294,335.38129378762999977,10032975140,0.01345422300000065352,NULL,'2026-12-01T20:16:33.422Z',0,0,0.0033919999999998395878,0.0,0,1,NULL,NULL,NULL);
INSERT INTO samples VALUES(79,'20261201-201625-22da',6,0,0.19505231199999981117,0.19075898899999993441,0.38581130099999971783,328.11710532300719478,335.50188295451715703,10032975140,0.014420955999999929275,NULL,'2026-12-01T20:16:33.824Z',0,0,0.01912399999999792044,0.0,0,1,NULL,NULL,NULL);
INSERT INTO samples VALUES(80,'20261201-201625-22da',8,0,0.19456022800000027928,0.19113310500000080249,0.38569333300000108177,328.94698293630654007,334.84518550567014471,10033107236,0.021905447999999494435,NULL,'2026-12-01T20:16:34.233Z',0,0,0.069281000000010806161,0.16997352109355476357,1,1,NULL,NULL,NULL);
INSERT INTO samples VALUES(81,'20261201-201625-22da',7,0,0.19499038699999982071,0.19066417000000002168,0.3856545569999998424,328.22130867405303433,335.66873104684532337,10032975140,0.014195107999999900805,NULL,'2026-12-01T20:16:34.634Z',0,3,0.0,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(82,'20261201-201625-22da',6,0,0.19632530600000064335,0.19182554699999945779,0.3881508530000000734,325.9895593897599042,333.63647856560095306,10032975140,0.016537613999999867253,NULL,'2026-12-01T20:16:35.040Z',0,3,0.0,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(83,'20261201-201625-22da',8,0,0.19410736800000086277,0.18961131699999897448,0.38371868499999983725,329.71442897520364567,337.53259569417127751,10033107236,0.01054198100000031113,NULL,'2026-12-01T20:16:35.435Z',0,3,0.0,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(84,'20261201-201625-22da',8,1,0.19380297400000018326,0.22680082899999978729,0.42060380299999999831,330.2322904497839886,282.18591740685417335,10033107236,0.011034041999999300021,NULL,'2026-12-01T20:16:35.869Z',0,1,0.0092700000000007776179,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(85,'20261201-201625-22da',6,1,0.19568663300000024851,0.19123713899999983389,0.38692377200000011017,327.0535090662013431,334.66302798014589826,10032975140,0.015833096999998796938,NULL,'2026-12-01T20:16:36.272Z',0,1,0.0094200000000093098151,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(86,'20261201-201625-22da',7,1,0.1946913450000010981,0.19090014899999915853,0.38559149400000025664,328.72545001936083507,335.25379804706324194,10032975140,0.015958346000001233377,NULL,'2026-12-01T20:16:36.675Z',0,1,0.0092059999999989372554,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(87,'20261201-201625-22da',7,2,0.19501486499999917678,0.19083248500000082881,0.38584735000000003335,328.18011078283836922,335.37266990994601201,10032975140,0.025062599999999268796,NULL,'2026-12-01T20:16:37.087Z',0,2,0.019197999999981618657,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(88,'20261201-201625-22da',6,2,0.19556372100000044,0.19116662799999903366,0.38673034899999947366,327.25906253338195028,334.78646701871167578,10032975140,0.01205513400000018942,NULL,'2026-12-01T20:16:37.487Z',0,2,0.0,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(89,'20261201-201625-22da',8,2,0.19500699499999973873,0.19065784999999960125,0.38566484499999931223,328.19335532040832959,335.67985792350083329,10033107236,0.013739255000000449857,NULL,'2026-12-01T20:16:37.888Z',0,2,0.0,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(90,'20261201-201625-22da',7,3,0.1943630179999999985,0.19053693999999996022,0.38489995799999998649,329.28074825427950144,335.89287200686658253,10032975140,0.019377583999999836716,NULL,'2026-12-01T20:16:45.546Z',1,4,0.019365000000009402469,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(91,'20261201-201625-22da',6,3,0.19484441100000002289,0.19049208999999972524,0.38533650099999977589,328.46720966504904027,335.97195558093824274,10032975140,0.018638011000000898054,NULL,'2026-12-01T20:16:45.951Z',1,4,0.0094319999999878945118,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(92,'20261201-201625-22da',8,3,0.19463582199999929223,0.19054161500000008078,0.38517743699999934525,328.819224243316512,335.88463076687986585,10033107236,0.013689355000001346418,NULL,'2026-12-01T20:16:46.351Z',1,4,0.0,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(93,'20261201-201625-22da',7,4,0.19599204700000064094,0.19143400699999985059,0.38742605400000046378,326.54386226192019648,334.31886529962281428,10032975140,0.024775841000001519454,NULL,'2026-12-01T20:16:46.764Z',1,5,0.0,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(94,'20261201-201625-22da',6,4,0.19806652000000030122,0.22449936699999945011,0.42256588699999975133,323.12376670221652831,285.07875481003094363,10032975140,0.044382540999999942066,NULL,'2026-12-01T20:16:47.232Z',1,5,0.0,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(95,'20261201-201625-22da',8,4,0.19550677799999993666,0.1913011940000005906,0.38680797200000049951,327.35437949880190444,334.55096992232995489,10033107236,0.01810643800000072412,NULL,'2026-12-01T20:16:47.638Z',1,5,0.0,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(96,'20261201-201625-22da',8,5,0.19484497000000008948,0.19030193799999961523,0.38514690799999973247,328.46626730985138921,336.30766282579912739,10033107236,0.019520428000002532087,NULL,'2026-12-01T20:16:56.106Z',2,6,0.0,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(97,'20261201-201625-22da',6,5,0.19631913099999928618,0.19167001900000105174,0.38798915000000033792,325.99981302892092572,333.90720329609632698,10032975140,0.019757235999998568054,NULL,'2026-12-01T20:16:56.515Z',2,6,0.019288999999997002987,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(98,'20261201-201625-22da',7,5,0.1950880700000006962,0.19160202599999956452,0.38669009600000026072,328.05696422133740952,334.02569553205114516,10032975140,0.024404882000000738262,NULL,'2026-12-01T20:16:56.927Z',2,6,0.009330000000019822437,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(99,'20261201-201625-22da',7,6,0.19526193999999941208,0.19118339800000011541,0.3864453379999995275,327.76484756834940981,334.75710061393488103,10032975140,0.017670931999999084371,NULL,'2026-12-01T20:16:57.332Z',2,7,0.019347999999979492713,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(100,'20261201-201625-22da',6,6,0.19588066299999989938,0.19120543399999950784,0.38708609699999940723,326.72954552946367812,334.71852060438914123,10032975140,0.01951427700000207821,NULL,'2026-12-01T20:16:57.740Z',2,7,0.0093800000000161531943,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(101,'20261201-201625-22da',8,6,0.19541588499999942851,0.19064792100000069186,0.38606380600000012037,327.50664051696816159,335.697340229583574,10033107236,0.02818631699999785134,NULL,'2026-12-01T20:16:58.155Z',2,7,0.029382999999992165385,0.070930576404421033509,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(102,'20261201-201625-22da',7,7,0.1954576879999995187,0.19109111900000061434,0.38654880700000010529,327.43659589383946695,334.9187567424302756,10032975140,0.019219687999996515337,NULL,'2026-12-01T20:16:58.562Z',2,8,0.039366000000001122316,0.097015910513213815535,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(103,'20261201-201625-22da',6,7,0.19581247900000017803,0.1904223700000002295,0.38623484900000037978,326.84331625258641906,336.09496615339850222,10032975140,0.019346506000001706393,NULL,'2026-12-01T20:16:58.968Z',2,8,0.0,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(104,'20261201-201625-22da',8,7,0.19529277399999955822,0.19113774799999919129,0.38643052199999872176,327.71309807909301526,334.83705165345082831,10033107236,0.0159849730000024004,NULL,'2026-12-01T20:16:59.371Z',2,8,0.039438000000007633616,0.098003184494691295003,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(105,'20261201-201625-22da',8,8,0.21156553399999938891,0.19675614300000052181,0.40832167699999988297,302.50674006286953953,325.27573992950163982,10033107236,0.012632845000000114676,NULL,'2026-12-01T20:17:07.370Z',3,9,0.0,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(106,'20261201-201625-22da',6,8,0.19482845199999973551,0.19034581200000047496,0.38517426400000021047,328.49411542827476751,336.23014516337161694,10032975140,0.012342937000002163205,NULL,'2026-12-01T20:17:07.769Z',3,9,0.01939100000001658941,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(107,'20261201-201625-22da',7,8,0.19426008499999988798,0.19051366400000005474,0.38477374899999994273,329.45522493722802436,335.93390970633993219,10032975140,0.016693454000000218506,NULL,'2026-12-01T20:17:08.171Z',3,9,0.017892999999999048554,0.0,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(108,'20261201-201625-22da',7,9,0.19482470600000031946,0.19732772899999964644,0.3921524349999999659,328.50043156230861996,324.33353550630545213,10032975140,0.012825399999997877387,NULL,'2026-12-01T20:17:08.577Z',3,10,0.0094619999999920878508,0.0,0,1,NULL,NULL,NULL);
INSERT INTO samples VALUES(109,'20261201-201625-22da',6,9,0.19489026999999986555,0.19554166900000019557,0.39043193900000006113,328.38991910678782914,327.29596881982189414,10032975140,0.01553375699999925974,NULL,'2026-12-01T20:17:08.984Z',3,10,0.069479000000011836846,0.17114500236003180044,1,1,NULL,NULL,NULL);
INSERT INTO samples VALUES(110,'20261201-201625-22da',8,9,0.19499328099999910235,0.19286691200000133372,0.38786019300000040832,328.21643736534849723,331.83504280920698191,10033107236,0.01885289900000503005,NULL,'2026-12-01T20:17:09.391Z',3,10,0.0,0.0,0,1,NULL,NULL,NULL);
INSERT INTO samples VALUES(111,'20261201-201625-22da',7,9,0.19442915600000015841,0.20241279899999881086,0.39684195499999896927,329.16873845813506705,316.18553923559142048,10032975140,0.019041890999998034583,NULL,'2026-12-01T20:17:09.808Z',3,11,0.039356000000001500893,0.094632192085676206105,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(112,'20261201-201625-22da',6,9,0.19531781800000044824,0.190703242999999939,0.38602106100000038724,327.67107811945686535,335.59995621049830561,10032975140,0.016075397999999962994,NULL,'2026-12-01T20:17:10.211Z',3,11,0.039437000000010158373,0.098078456343755379687,0,0,NULL,NULL,NULL);
INSERT INTO samples VALUES(113,'20261201-201625-22da',8,9,0.19498848700000054323,0.20132126099999914092,0.39630974799999968416,328.22450691665619616,317.89985658792528511,10033107236,0.0095193859999999075327,NULL,'2026-12-01T20:17:10.618Z',3,11,0.0094140000000066947904,0.0,0,0,NULL,NULL,NULL);
CREATE TABLE warmups (
  id         INTEGER PRIMARY KEY,
  sweep_id   TEXT    NOT NULL,
  variant_id INTEGER NOT NULL,
  round                   INTEGER NOT NULL CHECK (round >= 0),
  prefill_s               REAL    NOT NULL CHECK (prefill_s >= 0),
  generation_s            REAL    NOT NULL CHECK (generation_s >= 0),
  total_s                 REAL    NOT NULL CHECK (total_s >= 0),
  prefill_tokens_per_s    REAL    NOT NULL CHECK (prefill_tokens_per_s >= 0),
  generation_tokens_per_s REAL    NOT NULL CHECK (generation_tokens_per_s >= 0),
  peak_memory_bytes       INTEGER NOT NULL CHECK (peak_memory_bytes >= 0),
  harness_s               REAL    NOT NULL CHECK (harness_s >= 0),
  commit_sha              TEXT,
  recorded_at             TEXT    NOT NULL, process INTEGER CHECK (process IS NULL OR process >= 0), block INTEGER CHECK (block IS NULL OR block >= 0), foreign_cpu_s REAL CHECK (foreign_cpu_s IS NULL OR foreign_cpu_s >= 0), foreign_load REAL CHECK (foreign_load IS NULL OR foreign_load >= 0), load_flagged INTEGER NOT NULL DEFAULT 0 CHECK (load_flagged IN (0, 1)), superseded INTEGER NOT NULL DEFAULT 0 CHECK (superseded IN (0, 1)), grid_block INTEGER CHECK (grid_block IS NULL OR grid_block >= 0), device TEXT CHECK (device IS NULL OR length(device) > 0), sample_key TEXT CHECK (sample_key IS NULL OR length(sample_key) > 0),
  FOREIGN KEY (sweep_id) REFERENCES sweeps (id) ON DELETE CASCADE,
  -- the variant must belong to the same sweep as the sample
  FOREIGN KEY (sweep_id, variant_id) REFERENCES variants (sweep_id, id) ON DELETE CASCADE
) STRICT;
INSERT INTO warmups VALUES(1,'20261201-201458-d73e',2,0,0.34606621499999984381,0.40102123000000028385,0.74708744500000012767,184.93570659591844674,159.59254825486411278,17196807460,0.44582410699999941439,NULL,'2026-12-01T20:15:04.078Z',0,NULL,0.0,0.0,0,0,NULL,NULL,NULL);
INSERT INTO warmups VALUES(2,'20261201-201458-d73e',1,0,0.3887848169999997272,0.44303020999999992435,0.83181502699999965155,164.61548188493185306,144.45967465740093871,17196807460,0.39089727500000026605,NULL,'2026-12-01T20:15:05.302Z',0,NULL,0.0,0.0,0,0,NULL,NULL,NULL);
INSERT INTO warmups VALUES(3,'20261201-201458-d73e',1,0,0.39326765499999966069,0.39910295700000003593,0.79237061199999969662,162.73903837832799012,160.35962369479511835,17196807460,0.12604021399999965069,NULL,'2026-12-01T20:15:17.795Z',1,NULL,0.0,0.0,0,0,NULL,NULL,NULL);
INSERT INTO warmups VALUES(4,'20261201-201458-d73e',2,0,0.34408104400000000255,0.35230738299999986296,0.69638842699999981,186.00269069167319458,181.65954813385226884,17196807460,0.13657392099999743351,NULL,'2026-12-01T20:15:18.629Z',1,NULL,0.0089949999999952012785,0.0,0,0,NULL,NULL,NULL);
INSERT INTO warmups VALUES(5,'20261201-201458-d73e',2,0,0.34242754999999985843,0.34823561200000041626,0.6906631620000003302,186.90084953736936768,183.78361601914488687,17196807460,0.10320599400000030065,NULL,'2026-12-01T20:15:26.685Z',2,NULL,0.019228999999997498093,0.0,0,0,NULL,NULL,NULL);
INSERT INTO warmups VALUES(6,'20261201-201458-d73e',1,0,0.38789570299999970304,0.39324964500000031408,0.78114534800000001713,164.9928047797942554,162.74649148125726583,17196807460,0.10153441000000207328,NULL,'2026-12-01T20:15:27.569Z',2,NULL,0.018898999999999332999,0.0,0,0,NULL,NULL,NULL);
INSERT INTO warmups VALUES(7,'20261201-201458-d73e',1,0,0.3909141410000002148,0.39911135800000008266,0.79002549900000029747,163.71881517583668141,160.35624824287759793,17196807460,0.13456781300000419943,NULL,'2026-12-01T20:15:39.126Z',3,NULL,0.028830999999995832183,0.031182358368600972958,0,0,NULL,NULL,NULL);
INSERT INTO warmups VALUES(8,'20261201-201458-d73e',2,0,0.34065841799999996286,0.35278370900000027843,0.69344212700000029681,187.87147658273926254,181.41427273219113657,17196807460,0.10409073999999418624,NULL,'2026-12-01T20:15:39.925Z',3,NULL,0.0,0.0,0,0,NULL,NULL,NULL);
INSERT INTO warmups VALUES(9,'20261201-201546-c9cf',5,0,0.13624946199999976581,0.19776328899999953692,0.33401275099999927498,469.72662541596025675,323.6192132706700022,5020913956,0.46556069400000066327,NULL,'2026-12-01T20:15:50.734Z',0,NULL,0.008756000000005315087,0.0,0,0,NULL,NULL,NULL);
INSERT INTO warmups VALUES(10,'20261201-201546-c9cf',4,0,0.14120212599999967806,0.18223998299999993877,0.32344210899999964459,453.25096592384272755,351.18528297931209181,5020781860,0.43050804300000072855,NULL,'2026-12-01T20:15:51.489Z',0,NULL,0.11905700000000152272,0.157910970220218827,1,0,NULL,NULL,NULL);
INSERT INTO warmups VALUES(11,'20261201-201546-c9cf',3,0,0.13576816199999985901,0.32226137200000037896,0.45802953400000023798,471.39181275798716797,198.59656031005764021,5020781860,0.42805761100000017105,NULL,'2026-12-01T20:15:52.376Z',0,NULL,0.019247999999992160269,0.0,0,0,NULL,NULL,NULL);
INSERT INTO warmups VALUES(12,'20261201-201546-c9cf',4,0,0.13584474699999965485,0.17995159700000021296,0.31579634399999984006,471.12605686549045456,355.65119213696073075,5020781860,0.10902299399999948459,NULL,'2026-12-01T20:16:00.946Z',1,NULL,0.089229000000001335024,0.21003987346734548369,1,0,NULL,NULL,NULL);
INSERT INTO warmups VALUES(13,'20261201-201546-c9cf',3,0,0.13764205599999967954,0.19773493100000041899,0.3353769870000001263,464.97416458237262304,323.66562486625019801,5020781860,0.12129022799999933379,NULL,'2026-12-01T20:16:01.403Z',1,NULL,0.089203999999996952396,0.19533699173039401064,1,0,NULL,NULL,NULL);
INSERT INTO warmups VALUES(14,'20261201-201546-c9cf',5,0,0.12901874199999974202,0.13892944800000031624,0.26794819000000008601,496.05196119491017725,460.66547388858737122,5020913956,0.087945642999998185906,NULL,'2026-12-01T20:16:01.760Z',1,NULL,0.059500999999997361555,0.1671874994248570001,1,0,NULL,NULL,NULL);
INSERT INTO warmups VALUES(15,'20261201-201546-c9cf',3,0,0.14367107499999975939,0.18097850100000051343,0.32464957600000027282,445.46196929340237604,353.63316441658349731,5020781860,0.12422808799999934814,NULL,'2026-12-01T20:16:08.780Z',2,NULL,0.0091680000000042838337,0.0,0,0,NULL,NULL,NULL);
INSERT INTO warmups VALUES(16,'20261201-201546-c9cf',5,0,0.13126263699999982104,0.15992327400000022619,0.29118591100000001947,487.57210324823876137,400.19190702661518342,5020913956,0.093706735000000207502,NULL,'2026-12-01T20:16:09.166Z',2,NULL,0.0,0.0,0,0,NULL,NULL,NULL);
INSERT INTO warmups VALUES(17,'20261201-201546-c9cf',4,0,0.13977846600000021215,0.14286094000000001957,0.28263940600000025948,457.86737994391711482,447.98809247650189036,5020781860,0.099655998999996830978,NULL,'2026-12-01T20:16:09.550Z',2,NULL,0.0,0.0,0,0,NULL,NULL,NULL);
INSERT INTO warmups VALUES(18,'20261201-201546-c9cf',5,0,0.13320033699999975218,0.17543887900000026958,0.30863921600000004952,480.47926485351246128,364.7994125635053706,5020913956,0.11479382399999982222,NULL,'2026-12-01T20:16:17.321Z',3,NULL,0.0,0.0,0,0,NULL,NULL,NULL);
INSERT INTO warmups VALUES(19,'20261201-201546-c9cf',4,0,0.13570614400000022281,0.18749836700000013789,0.3232045110000003607,471.60723983138075256,341.33630614500208367,5020781860,0.10856529600000019986,NULL,'2026-12-01T20:16:17.754Z',3,NULL,0.0,0.0,0,0,NULL,NULL,NULL);
INSERT INTO warmups VALUES(20,'20261201-201546-c9cf',3,0,0.13409560999999986519,0.19140529300000025392,0.32550090300000011911,477.27140359031938032,334.36901872927785462,5020781860,0.11726051300000106536,NULL,'2026-12-01T20:16:18.198Z',3,NULL,0.0093969999999998776729,0.0,0,0,NULL,NULL,NULL);
INSERT INTO warmups VALUES(21,'20261201-201625-22da',8,0,0.39885832599999959668,0.21742940499999985348,0.61628773099999945017,160.45797675037141516,294.34841161433541855,10033107236,0.32366198799999978952,NULL,'2026-12-01T20:16:31.252Z',0,NULL,0.0,0.0,0,0,NULL,NULL,NULL);
INSERT INTO warmups VALUES(22,'20261201-201625-22da',7,0,0.37534848999999942398,0.20924641500000051852,0.58459490499999988699,170.50821224830315259,305.85948151130730821,10032975140,0.28807912799999946251,NULL,'2026-12-01T20:16:32.126Z',0,NULL,0.0293030000000076285,0.033578402578649489684,0,0,NULL,NULL,NULL);
INSERT INTO warmups VALUES(23,'20261201-201625-22da',6,0,0.38751630399999975606,0.21010775600000033969,0.59762406000000012351,165.15434148030075789,304.60560437378569531,10032975140,0.29691623000000066934,NULL,'2026-12-01T20:16:33.022Z',0,NULL,0.0,0.0,0,0,NULL,NULL,NULL);
INSERT INTO warmups VALUES(24,'20261201-201625-22da',7,0,0.35380694700000003827,0.20430679400000006928,0.55811374100000010756,180.88960813988762765,313.25438937679172112,10032975140,0.11052903899999821923,NULL,'2026-12-01T20:16:43.859Z',1,NULL,0.0,0.0,0,0,NULL,NULL,NULL);
INSERT INTO warmups VALUES(25,'20261201-201625-22da',6,0,0.34338783099999953263,0.20901656400000045987,0.55240439500000004802,186.37818298226207502,306.19582857557577427,10032975140,0.080189199999998406198,NULL,'2026-12-01T20:16:44.492Z',1,NULL,0.049162999999987633259,0.077716563032839039437,0,0,NULL,NULL,NULL);
INSERT INTO warmups VALUES(26,'20261201-201625-22da',8,0,0.36296485800000027888,0.20437672599999995304,0.56734158400000023192,176.32561001263641742,313.14720248527720513,10033107236,0.079691842999998208085,NULL,'2026-12-01T20:16:45.140Z',1,NULL,0.0,0.0,0,0,NULL,NULL,NULL);
INSERT INTO warmups VALUES(27,'20261201-201625-22da',6,0,0.38435237200000027524,0.20927588899999954863,0.59362826099999987938,166.51386764434994347,305.8164048702244031,10032975140,0.11786900599999894367,NULL,'2026-12-01T20:16:54.177Z',2,NULL,0.019278999999981394353,0.0,0,0,NULL,NULL,NULL);
INSERT INTO warmups VALUES(28,'20261201-201625-22da',8,0,0.39079295000000002779,0.21173244299999988138,0.60252539299999985367,163.76958693855658566,302.26827354936830261,10033107236,0.12034276899999896137,NULL,'2026-12-01T20:16:54.901Z',2,NULL,0.019439000000001982471,0.0,0,0,NULL,NULL,NULL);
INSERT INTO warmups VALUES(29,'20261201-201625-22da',7,0,0.4112054859999998424,0.24357210399999984495,0.65477758999999968736,155.63994688533904309,262.75586961304912847,10032975140,0.14335475700000277488,NULL,'2026-12-01T20:16:55.700Z',2,NULL,0.009337000000012807277,0.0,0,0,NULL,NULL,NULL);
INSERT INTO warmups VALUES(30,'20261201-201625-22da',8,0,0.3839299690000007037,0.20858302699999967111,0.59251299600000040257,166.69706761026483832,306.83225246318869493,10033107236,0.11362970000000216508,NULL,'2026-12-01T20:17:05.634Z',3,NULL,0.0,0.0,0,0,NULL,NULL,NULL);
INSERT INTO warmups VALUES(31,'20261201-201625-22da',7,0,0.34399954500000057278,0.20381374299999971411,0.54781328800000028689,186.04675770719376259,314.01219102285995176,10032975140,0.084591520999999336716,NULL,'2026-12-01T20:17:06.267Z',3,NULL,0.079221999999990799778,0.12527102715310131642,1,0,NULL,NULL,NULL);
INSERT INTO warmups VALUES(32,'20261201-201625-22da',6,0,0.37063387899999999941,0.20716219700000010339,0.5777960760000000473,172.67714482193895264,308.93667342213007032,10032975140,0.10200777299999619351,NULL,'2026-12-01T20:17:06.948Z',3,NULL,0.0,0.0,0,0,NULL,NULL,NULL);
CREATE TABLE baselines (
  id              INTEGER PRIMARY KEY,
  promoted_at     TEXT    NOT NULL,
  variant         TEXT    NOT NULL CHECK (length(variant) > 0),
  slots_json      TEXT    NOT NULL CHECK (json_valid(slots_json)),
  source_sweep_id TEXT    REFERENCES sweeps (id) ON DELETE SET NULL,
  reset           INTEGER NOT NULL DEFAULT 0 CHECK (reset IN (0, 1))
) STRICT;
CREATE TABLE profiles (
  id               INTEGER PRIMARY KEY,
  created_at       TEXT    NOT NULL,
  variant          TEXT    NOT NULL CHECK (length(variant) > 0),
  slots_json       TEXT    NOT NULL CHECK (json_valid(slots_json)),
  model            TEXT    NOT NULL,
  backend          TEXT    NOT NULL,
  device           TEXT    NOT NULL,
  prompt_len       INTEGER NOT NULL CHECK (prompt_len > 0),
  gen_len          INTEGER NOT NULL CHECK (gen_len > 0),
  environment_json TEXT    NOT NULL CHECK (json_valid(environment_json)),
  result_json      TEXT    NOT NULL CHECK (json_valid(result_json))
) STRICT;
CREATE TABLE calibrations (
  id                   INTEGER PRIMARY KEY,
  created_at           TEXT    NOT NULL,
  machine              TEXT    NOT NULL CHECK (length(machine) > 0),
  backend              TEXT    NOT NULL,
  device               TEXT    NOT NULL,
  model                TEXT    NOT NULL,
  sweeps               INTEGER NOT NULL CHECK (sweeps >= 2),
  false_verdicts       INTEGER NOT NULL CHECK (false_verdicts >= 0 AND false_verdicts <= sweeps),
  false_verdict_rate   REAL    NOT NULL CHECK (false_verdict_rate >= 0 AND false_verdict_rate <= 1),
  rate_ci_low          REAL    NOT NULL,
  rate_ci_high         REAL    NOT NULL,
  noise_pct            REAL    NOT NULL CHECK (noise_pct >= 0),
  resolvable_pct       REAL,
  resolvable_budget_pct REAL,
  sweep_ids_json       TEXT    NOT NULL CHECK (json_valid(sweep_ids_json)),
  result_json          TEXT    NOT NULL CHECK (json_valid(result_json))
) STRICT;
CREATE TABLE variant_params (
  variant_id INTEGER NOT NULL REFERENCES variants(id) ON DELETE CASCADE,
  name       TEXT    NOT NULL CHECK (length(name) > 0),
  value_json TEXT    NOT NULL CHECK (json_valid(value_json)),
  PRIMARY KEY (variant_id, name)
) STRICT;
INSERT INTO variant_params VALUES(1,'attention','"kv-split"');
INSERT INTO variant_params VALUES(1,'keysPerSplit','16');
INSERT INTO variant_params VALUES(1,'tiling','"paired"');
INSERT INTO variant_params VALUES(1,'normsInProducts','true');
INSERT INTO variant_params VALUES(1,'ropeInAttention','true');
INSERT INTO variant_params VALUES(1,'reduction','"subgroups"');
INSERT INTO variant_params VALUES(1,'unroll','1');
INSERT INTO variant_params VALUES(1,'prefetchMiB','0');
INSERT INTO variant_params VALUES(1,'argmax','"baseline"');
INSERT INTO variant_params VALUES(1,'weightsDtype','"sweep"');
INSERT INTO variant_params VALUES(2,'attention','"kv-split"');
INSERT INTO variant_params VALUES(2,'keysPerSplit','16');
INSERT INTO variant_params VALUES(2,'tiling','"shaped"');
INSERT INTO variant_params VALUES(2,'normsInProducts','true');
INSERT INTO variant_params VALUES(2,'ropeInAttention','true');
INSERT INTO variant_params VALUES(2,'reduction','"subgroups"');
INSERT INTO variant_params VALUES(2,'unroll','1');
INSERT INTO variant_params VALUES(2,'prefetchMiB','0');
INSERT INTO variant_params VALUES(2,'argmax','"baseline"');
INSERT INTO variant_params VALUES(2,'weightsDtype','"sweep"');
INSERT INTO variant_params VALUES(3,'attention','"kv-split"');
INSERT INTO variant_params VALUES(3,'keysPerSplit','8');
INSERT INTO variant_params VALUES(3,'tiling','"paired"');
INSERT INTO variant_params VALUES(3,'normsInProducts','true');
INSERT INTO variant_params VALUES(3,'ropeInAttention','true');
INSERT INTO variant_params VALUES(3,'reduction','"subgroups"');
INSERT INTO variant_params VALUES(3,'unroll','1');
INSERT INTO variant_params VALUES(3,'prefetchMiB','0');
INSERT INTO variant_params VALUES(3,'argmax','"baseline"');
INSERT INTO variant_params VALUES(3,'weightsDtype','"sweep"');
INSERT INTO variant_params VALUES(4,'attention','"kv-split"');
INSERT INTO variant_params VALUES(4,'keysPerSplit','8');
INSERT INTO variant_params VALUES(4,'tiling','"shaped"');
INSERT INTO variant_params VALUES(4,'normsInProducts','true');
INSERT INTO variant_params VALUES(4,'ropeInAttention','true');
INSERT INTO variant_params VALUES(4,'reduction','"subgroups"');
INSERT INTO variant_params VALUES(4,'unroll','1');
INSERT INTO variant_params VALUES(4,'prefetchMiB','0');
INSERT INTO variant_params VALUES(4,'argmax','"baseline"');
INSERT INTO variant_params VALUES(4,'weightsDtype','"sweep"');
INSERT INTO variant_params VALUES(5,'attention','"kv-split"');
INSERT INTO variant_params VALUES(5,'keysPerSplit','4');
INSERT INTO variant_params VALUES(5,'tiling','"shaped"');
INSERT INTO variant_params VALUES(5,'normsInProducts','true');
INSERT INTO variant_params VALUES(5,'ropeInAttention','true');
INSERT INTO variant_params VALUES(5,'reduction','"subgroups"');
INSERT INTO variant_params VALUES(5,'unroll','1');
INSERT INTO variant_params VALUES(5,'prefetchMiB','0');
INSERT INTO variant_params VALUES(5,'argmax','"baseline"');
INSERT INTO variant_params VALUES(5,'weightsDtype','"sweep"');
INSERT INTO variant_params VALUES(6,'attention','"kv-split"');
INSERT INTO variant_params VALUES(6,'keysPerSplit','8');
INSERT INTO variant_params VALUES(6,'tiling','"paired"');
INSERT INTO variant_params VALUES(6,'normsInProducts','true');
INSERT INTO variant_params VALUES(6,'ropeInAttention','true');
INSERT INTO variant_params VALUES(6,'reduction','"subgroups"');
INSERT INTO variant_params VALUES(6,'unroll','1');
INSERT INTO variant_params VALUES(6,'prefetchMiB','0');
INSERT INTO variant_params VALUES(6,'argmax','"baseline"');
INSERT INTO variant_params VALUES(6,'weightsDtype','"sweep"');
INSERT INTO variant_params VALUES(7,'attention','"kv-split"');
INSERT INTO variant_params VALUES(7,'keysPerSplit','8');
INSERT INTO variant_params VALUES(7,'tiling','"shaped"');
INSERT INTO variant_params VALUES(7,'normsInProducts','true');
INSERT INTO variant_params VALUES(7,'ropeInAttention','true');
INSERT INTO variant_params VALUES(7,'reduction','"subgroups"');
INSERT INTO variant_params VALUES(7,'unroll','1');
INSERT INTO variant_params VALUES(7,'prefetchMiB','0');
INSERT INTO variant_params VALUES(7,'argmax','"baseline"');
INSERT INTO variant_params VALUES(7,'weightsDtype','"sweep"');
INSERT INTO variant_params VALUES(8,'attention','"kv-split"');
INSERT INTO variant_params VALUES(8,'keysPerSplit','4');
INSERT INTO variant_params VALUES(8,'tiling','"shaped"');
INSERT INTO variant_params VALUES(8,'normsInProducts','true');
INSERT INTO variant_params VALUES(8,'ropeInAttention','true');
INSERT INTO variant_params VALUES(8,'reduction','"subgroups"');
INSERT INTO variant_params VALUES(8,'unroll','1');
INSERT INTO variant_params VALUES(8,'prefetchMiB','0');
INSERT INTO variant_params VALUES(8,'argmax','"baseline"');
INSERT INTO variant_params VALUES(8,'weightsDtype','"sweep"');
CREATE INDEX sweeps_by_created_at ON sweeps (created_at);
CREATE INDEX sweeps_by_status ON sweeps (status);
CREATE INDEX sweeps_by_environment ON sweeps (environment_id);
CREATE UNIQUE INDEX variants_one_baseline_per_sweep ON variants (sweep_id) WHERE is_baseline = 1;
CREATE INDEX samples_by_sweep_variant ON samples (sweep_id, variant_id, round);
CREATE INDEX warmups_by_sweep_variant ON warmups (sweep_id, variant_id, round);
CREATE INDEX baselines_by_promoted_at ON baselines (promoted_at);
CREATE INDEX profiles_by_variant_created_at ON profiles (variant, created_at);
CREATE INDEX samples_by_sweep_block ON samples (sweep_id, block);
CREATE INDEX calibrations_by_machine ON calibrations (machine, backend, device, created_at);
CREATE UNIQUE INDEX samples_by_key ON samples (sweep_id, sample_key) WHERE sample_key IS NOT NULL;
CREATE UNIQUE INDEX warmups_by_key ON warmups (sweep_id, sample_key) WHERE sample_key IS NOT NULL;
COMMIT;
