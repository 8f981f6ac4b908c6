package elasticache

//go:generate go run ../../../tools/awsgen -service elasticache -ops operations.txt -out shapes_gen.go -pkg elasticache
