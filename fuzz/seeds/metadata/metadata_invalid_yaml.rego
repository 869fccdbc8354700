# METADATA
# title: [unclosed
package bad.yaml

deny contains "x" if { false }
