# In a new folder that holds main.ts and child.ts:
npm init -y
npm pkg set type=module
# Until liteyuki-comm is on the npm registry, install the tarball built from the repository
# instead (see Getting started, "Before the first release"): npm install ../liteyuki-comm/liteyuki-comm-0.1.0.tgz
npm install liteyuki-comm
npm install --save-dev typescript @types/node
npx tsc --module nodenext --target es2022 *.ts
node main.js
